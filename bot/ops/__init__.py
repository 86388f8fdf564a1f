"""Operations: /healthz and /metrics for whoever runs the servers."""
