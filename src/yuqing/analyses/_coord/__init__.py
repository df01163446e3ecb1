"""Internals of coordinated-campaign detection (signals, Ibis co-action core, network, evidence)."""
