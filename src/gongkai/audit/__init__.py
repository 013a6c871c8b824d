"""The audit log. Call `gongkai.audit.log.record(...)` inside the action's transaction."""
