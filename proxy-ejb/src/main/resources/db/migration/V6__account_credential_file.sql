-- Which credential file an account comes from, so the dashboard can show the exact command that
-- fixes an account needing a new login (./tollgate oauth-login <file>).
ALTER TABLE oauth_accounts ADD COLUMN credential_file TEXT;
COMMENT ON TABLE oauth_accounts IS 'Every Claude account Tollgate has, API key and OAuth, written when its state changes; relogin_required means only a new login helps.';
