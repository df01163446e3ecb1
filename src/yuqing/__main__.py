"""``python -m yuqing`` runs the CLI."""

from yuqing.cli import main

main()
