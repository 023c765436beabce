#!/usr/bin/env bash
# Posts a message to the Teams/Slack incoming webhook of the stack (Key Vault secret
# Notifications--WebhookUrl, through the stack's secrets variable group). {"text": ...} is accepted by
# Slack and by Teams incoming webhooks.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF2'
usage: notify.sh --title TEXT --message TEXT [--url LINK]
  env: NOTIFY_WEBHOOK_URL (secret; map it into the step's env)
exit: 0 posted · 2 usage · 3 the webhook refused the message
EOF2
}
title="" message="" link=""
while (($#)); do
  case $1 in
    --title) title=$(arg_value "$@"); shift 2 ;;
    --message) message=$(arg_value "$@"); shift 2 ;;
    --url) link=$(arg_value "$@"); shift 2 ;;
    *) usage_error "unknown argument $1" ;;
  esac
done
require_env NOTIFY_WEBHOOK_URL
[[ -n $title && -n $message ]] || usage_error "--title and --message are required"
[[ $NOTIFY_WEBHOOK_URL =~ ^https:// ]] || usage_error "NOTIFY_WEBHOOK_URL must be an https URL"
text="**$title**"$'\n\n'"$message${link:+$'\n\n'$link}"
curl -sS --fail --max-time 30 -X POST -H 'Content-Type: application/json' \
  --data-binary "{\"text\":$(json_string "$text")}" "$NOTIFY_WEBHOOK_URL" >/dev/null \
  || tool_failure "notification webhook refused the message"
log "notification sent: $title"
