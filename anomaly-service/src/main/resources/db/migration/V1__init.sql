COMMENT ON SCHEMA anomaly IS 'anomaly-service: burn rates, baselines, anomaly detectors and their history';
