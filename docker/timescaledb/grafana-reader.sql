-- A read-only role for Grafana's PostgreSQL datasource (provisioning/datasources): it may read the
-- tables the processor creates later (anomalies, rollups), and write nothing.
CREATE ROLE grafana_reader LOGIN PASSWORD 'grafana-reader';
GRANT USAGE ON SCHEMA public TO grafana_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT SELECT ON TABLES TO grafana_reader;
