-- A key's own request budget (requests a minute; 0 unlimited); NULL: the processor's default
-- HUB_RATE_LIMIT_PER_MINUTE (http/hardening.ts).
ALTER TABLE api_keys ADD COLUMN rate_limit_per_minute integer CHECK (rate_limit_per_minute >= 0);
