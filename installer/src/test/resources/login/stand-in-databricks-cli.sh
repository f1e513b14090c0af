#!/bin/sh
# Plays the Databricks CLI for LoginTest: records its arguments, writes the profile as `databricks auth login` does,
# and answers `auth token` with the token in CLI_TOKEN. The real CLI is not available from the registries used here.
echo "$*" >> "$CLI_CALLS"
case "$1 $2" in
  'version --output')
    echo '{"Version":"0.297.0","Major":0,"Minor":297,"Patch":0}' ;;
  'auth login')
    echo "Opening a browser to sign in to $4"
    printf '\n[%s]\nhost = %s\nauth_type = databricks-cli\n' "$6" "$4" >> "$DATABRICKS_CONFIG_FILE" ;;
  'auth token')
    printf '{"access_token":"%s","token_type":"Bearer","expiry":"2099-01-01T00:00:00Z"}\n' "$CLI_TOKEN" ;;
esac
