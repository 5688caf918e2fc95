# syntax=docker/dockerfile:1
# The webhook receiver image. Build from the repository root after `mvn -B package`:
#   docker build -f docker/webhook-receiver.Dockerfile -t ec2-runner-operator/webhook-receiver .
FROM eclipse-temurin:17-jre

# A numeric, non-root user: Kubernetes' runAsNonRoot can only verify numeric ids.
# The Helm chart runs the pod as this same uid/gid.
ARG APP_UID=10001
RUN groupadd --system --gid ${APP_UID} app \
 && useradd --system --uid ${APP_UID} --gid ${APP_UID} --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin app

COPY --chown=root:root --chmod=0444 webhook-receiver/target/ec2-runner-webhook-receiver.jar \
     /opt/ec2-runner/webhook-receiver.jar

USER 10001:10001

EXPOSE 8080

# Heap follows the container's memory limit; an OutOfMemoryError exits so Kubernetes restarts the pod;
# no hsperfdata files on the read-only root. Flags (--port, --secret-file, --namespace) follow the image name.
ENTRYPOINT ["java", \
  "-XX:MaxRAMPercentage=75.0", \
  "-XX:InitialRAMPercentage=50.0", \
  "-XX:+ExitOnOutOfMemoryError", \
  "-XX:-UsePerfData", \
  "-Djava.io.tmpdir=/tmp", \
  "-jar", "/opt/ec2-runner/webhook-receiver.jar"]
CMD ["--port=8080"]
