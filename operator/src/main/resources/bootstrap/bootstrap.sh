#!/bin/sh
# ec2-runner-operator instance bootstrap: installs the GitHub Actions runner (and Docker when the pool grants jobs
# Docker access), takes the runner's
# one-time JIT configuration from SSM Parameter Store (and deletes it), runs one job, then powers off so the
# instance terminates (the launch template sets InstanceInitiatedShutdownBehavior=terminate).
#
# The operator fills in the settings block below; every value there is shell-quoted. EC2RUNNER_ROOT, when set in
# the environment, prefixes every file path (tests run the script in a scratch directory).
set -eu

# @@SETTINGS@@

ROOT="${EC2RUNNER_ROOT:-}"
RUNNER_USER="runner"
RUNNER_DIR="$ROOT/opt/actions-runner"
WORK_DIR="$ROOT/var/lib/ec2runner"
LOG_FILE="$ROOT/var/log/ec2runner-bootstrap.log"
IMDS="http://169.254.169.254"

mkdir -p "$(dirname "$LOG_FILE")" "$WORK_DIR"

# Everything below goes to the console (cloud-init output) and to the log file.
LOG_PIPE="$WORK_DIR/log.pipe"
rm -f "$LOG_PIPE"
mkfifo "$LOG_PIPE"
tee -a "$LOG_FILE" < "$LOG_PIPE" &
TEE_PID=$!
exec > "$LOG_PIPE" 2>&1

log() {
  printf '%s ec2runner-bootstrap: %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "$*"
}

PARAMETER_NAME=""
REGION=""

# Runs from the EXIT trap, which shellcheck cannot follow.
# shellcheck disable=SC2317
finish() {
  status=$1
  trap - EXIT INT TERM
  if [ -n "$PARAMETER_NAME" ] && [ -n "$REGION" ]; then
    # Never leave a runner configuration behind; a missing parameter is fine.
    aws ssm delete-parameter --region "$REGION" --name "$PARAMETER_NAME" >/dev/null 2>&1 || true
  fi
  if [ "$status" -eq 0 ]; then
    log "runner finished; shutting down"
  else
    log "bootstrap failed with status $status; shutting down"
  fi
  exec >/dev/null 2>&1
  wait "$TEE_PID" 2>/dev/null || true
  rm -f "$LOG_PIPE"
  shutdown -h now
  exit "$status"
}
trap 'finish $?' EXIT
trap 'exit 143' INT TERM

imds_token() {
  curl -fsS --retry 5 --retry-connrefused -X PUT "$IMDS/latest/api/token" \
    -H "X-aws-ec2-metadata-token-ttl-seconds: 21600"
}

imds_get() {
  curl -fsS --retry 5 --retry-connrefused -H "X-aws-ec2-metadata-token: $IMDS_TOKEN" "$IMDS/latest/$1"
}

os_id() {
  if [ -r "$ROOT/etc/os-release" ]; then
    # shellcheck disable=SC1091
    (. "$ROOT/etc/os-release" && printf '%s' "${ID:-unknown}")
  else
    printf 'unknown'
  fi
}

install_packages() {
  case "$(os_id)" in
    amzn|fedora|rhel|centos|rocky|almalinux)
      dnf install -y "$@"
      ;;
    ubuntu|debian)
      DEBIAN_FRONTEND=noninteractive apt-get update -q
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
      ;;
    *)
      log "unsupported operating system '$(os_id)': cannot install $*"
      return 1
      ;;
  esac
}

ensure_docker() {
  if ! command -v docker >/dev/null 2>&1; then
    log "installing docker"
    case "$(os_id)" in
      ubuntu|debian) install_packages docker.io ;;
      *) install_packages docker ;;
    esac
  fi
  systemctl enable --now docker
}

ensure_aws_cli() {
  if ! command -v aws >/dev/null 2>&1; then
    log "installing the AWS CLI"
    install_packages awscli
  fi
}

ensure_runner_user() {
  if ! id "$RUNNER_USER" >/dev/null 2>&1; then
    useradd --create-home --shell /bin/sh "$RUNNER_USER"
  fi
  # The docker group is root-equivalent (any member can start a privileged container), so only pools that grant
  # jobs Docker access (spec.runner.dockerAccess) put the runner user in it.
  if [ "$DOCKER_ACCESS" = "true" ]; then
    usermod -aG docker "$RUNNER_USER"
  fi
}

fetch_runner() {
  archive="$WORK_DIR/$RUNNER_FILENAME"
  if [ "$RUNNER_SOURCE" = "s3" ]; then
    log "downloading $RUNNER_FILENAME from the S3 mirror"
    aws s3 cp --region "$RUNNER_S3_REGION" --only-show-errors "$RUNNER_S3_URI" "$archive"
  else
    log "downloading $RUNNER_URL"
    curl -fsSL --retry 5 --retry-connrefused -o "$archive" "$RUNNER_URL"
  fi
  actual="$(sha256sum "$archive" | cut -d ' ' -f 1)"
  if [ "$actual" != "$RUNNER_SHA256" ]; then
    log "checksum mismatch for $RUNNER_FILENAME: expected $RUNNER_SHA256, got $actual; refusing to run it"
    rm -f "$archive"
    return 1
  fi
  mkdir -p "$RUNNER_DIR"
  tar -xzf "$archive" -C "$RUNNER_DIR"
  rm -f "$archive"
  if [ -x "$RUNNER_DIR/bin/installdependencies.sh" ]; then
    "$RUNNER_DIR/bin/installdependencies.sh"
  fi
}

write_hook() {
  # $1: file, $2: script body; an empty body means no hook.
  if [ -n "$2" ]; then
    printf '%s\n' "$2" > "$1"
    chmod 0755 "$1"
  fi
}

wait_for_jit_config() {
  # Counted attempts rather than wall-clock time: the wait is at least JIT_CONFIG_WAIT_SECONDS.
  attempts=$(( JIT_CONFIG_WAIT_SECONDS / JIT_CONFIG_POLL_SECONDS ))
  [ "$attempts" -ge 1 ] || attempts=1
  attempt=1
  while :; do
    if value="$(aws ssm get-parameter --region "$REGION" --name "$PARAMETER_NAME" --with-decryption \
        --query Parameter.Value --output text 2>/dev/null)" && [ -n "$value" ]; then
      printf '%s' "$value"
      return 0
    fi
    if [ "$attempt" -ge "$attempts" ]; then
      return 1
    fi
    attempt=$(( attempt + 1 ))
    sleep "$JIT_CONFIG_POLL_SECONDS"
  done
}

log "starting for pool $EC2RUNNER_NAMESPACE/$EC2RUNNER_POOL"
IMDS_TOKEN="$(imds_token)"
INSTANCE_ID="$(imds_get meta-data/instance-id)"
REGION="$(imds_get meta-data/placement/region)"
PARAMETER_NAME="/ec2runner/$EC2RUNNER_INSTALLATION/$EC2RUNNER_NAMESPACE/$EC2RUNNER_POOL/$INSTANCE_ID"
log "instance $INSTANCE_ID in $REGION"

ensure_aws_cli
if [ "$DOCKER_ACCESS" = "true" ]; then
  ensure_docker
else
  log "no Docker access for jobs (spec.runner.dockerAccess is false)"
fi
ensure_runner_user
fetch_runner

mkdir -p "$RUNNER_DIR/hooks"
write_hook "$RUNNER_DIR/hooks/job-started.sh" "$PRE_JOB_SCRIPT"
write_hook "$RUNNER_DIR/hooks/job-completed.sh" "$POST_JOB_SCRIPT"
chown -R "$RUNNER_USER:$RUNNER_USER" "$RUNNER_DIR"

log "waiting up to ${JIT_CONFIG_WAIT_SECONDS}s for the runner configuration"
if ! JIT_CONFIG="$(wait_for_jit_config)"; then
  log "no runner configuration at $PARAMETER_NAME after ${JIT_CONFIG_WAIT_SECONDS}s"
  exit 1
fi
aws ssm delete-parameter --region "$REGION" --name "$PARAMETER_NAME" >/dev/null
PARAMETER_NAME=""
log "runner configuration received and deleted from SSM"

# The runner's environment: job hooks only when the pool defines them.
set -- "$RUNNER_DIR/run.sh" --jitconfig "$JIT_CONFIG"
if [ -n "$POST_JOB_SCRIPT" ]; then
  set -- "ACTIONS_RUNNER_HOOK_JOB_COMPLETED=$RUNNER_DIR/hooks/job-completed.sh" "$@"
fi
if [ -n "$PRE_JOB_SCRIPT" ]; then
  set -- "ACTIONS_RUNNER_HOOK_JOB_STARTED=$RUNNER_DIR/hooks/job-started.sh" "$@"
fi

log "starting the runner as $RUNNER_USER"
cd "$RUNNER_DIR"
runner_status=0
runuser -u "$RUNNER_USER" -- env "$@" || runner_status=$?
log "runner exited with status $runner_status"
exit "$runner_status"
