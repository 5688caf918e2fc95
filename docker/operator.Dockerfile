# syntax=docker/dockerfile:1
# The operator image. Build from the repository root after `mvn -B package`:
#   docker build -f docker/operator.Dockerfile -t ec2-runner-operator/operator .
FROM eclipse-temurin:17-jre

# A numeric, non-root user: Kubernetes' runAsNonRoot can only verify numeric ids.
# The Helm chart runs the pod as this same uid/gid.
ARG APP_UID=10001
RUN groupadd --system --gid ${APP_UID} app \
 && useradd --system --uid ${APP_UID} --gid ${APP_UID} --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin app

COPY --chown=root:root --chmod=0444 operator/target/ec2-runner-operator.jar /opt/ec2-runner/operator.jar

USER 10001:10001

# Only /tmp is writable (an emptyDir under a read-only root filesystem).
ENV HTTP_PORT=8081
EXPOSE 8081

# Heap follows the container's memory limit; an OutOfMemoryError exits so Kubernetes restarts the pod
# instead of leaving a half-working JVM; no hsperfdata files on the read-only root.
ENTRYPOINT ["java", \
  "-XX:MaxRAMPercentage=75.0", \
  "-XX:InitialRAMPercentage=50.0", \
  "-XX:+ExitOnOutOfMemoryError", \
  "-XX:-UsePerfData", \
  "-Djava.io.tmpdir=/tmp", \
  "-jar", "/opt/ec2-runner/operator.jar"]
