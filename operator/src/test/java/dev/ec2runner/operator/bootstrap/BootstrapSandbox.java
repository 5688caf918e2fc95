package dev.ec2runner.operator.bootstrap;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A scratch machine for the bootstrap script: stub {@code curl} (answering IMDS and serving the runner archive),
 * {@code aws} (an SSM parameter kept in a file, S3 copies), {@code systemctl}, {@code docker}, {@code shutdown},
 * root-only commands and a stub runner. PATH holds only the stubs and links to the harmless real tools the script
 * needs (as wrappers), so nothing privileged on the test machine can run. Every stub call is appended to {@code calls.log}.
 */
final class BootstrapSandbox {

  static final String INSTANCE_ID = "i-0a1b2c3d4e5f60718";
  static final String REGION = "eu-west-1";
  static final String IMDS_TOKEN = "imds-token-42";

  private static final List<String> REAL_TOOLS = List.of("date", "tee", "mkfifo", "sha256sum", "tar", "gzip",
      "cut", "mkdir", "rm", "dirname", "cat", "chmod", "cp", "printf", "env");

  final Path dir;
  final Path root;
  final Path bin;
  final Path state;
  final Path calls;

  BootstrapSandbox(Path dir) throws IOException {
    this.dir = dir;
    this.root = Files.createDirectories(dir.resolve("root"));
    this.bin = Files.createDirectories(dir.resolve("bin"));
    this.state = Files.createDirectories(dir.resolve("state"));
    this.calls = dir.resolve("calls.log");
    Files.createDirectories(root.resolve("etc"));
    osRelease("amzn");
    Path tools = Files.createDirectories(dir.resolve("tools"));
    for (String tool : REAL_TOOLS) {
      executable(tools.resolve(tool), "#!/bin/sh\nexec " + which(tool) + " \"$@\"\n");
    }
    for (String name : List.of("systemctl", "docker", "useradd", "usermod", "chown", "shutdown", "sleep", "id")) {
      stub(name, name.equals("id") ? "exit 1" : "exit 0");
    }
    stub("dnf", "exit 0");
    stub("apt-get", "exit 0");
    stub("curl", CURL);
    stub("aws", AWS);
    stub("runuser", RUNUSER);
  }

  void osRelease(String id) throws IOException {
    Files.writeString(root.resolve("etc/os-release"), "NAME=test\nID=" + id + "\n");
  }

  /** The archive the stub curl and stub S3 serve: a stub run.sh that records its arguments and hooks. */
  byte[] runnerArchive(int exitStatus) throws IOException, InterruptedException {
    Path content = Files.createDirectories(dir.resolve("archive-content"));
    Path run = content.resolve("run.sh");
    Files.writeString(run, "#!/bin/sh\n"
        + "echo \"run.sh $* started=${ACTIONS_RUNNER_HOOK_JOB_STARTED:-} "
        + "completed=${ACTIONS_RUNNER_HOOK_JOB_COMPLETED:-}\" >> \"$EC2RUNNER_TEST_CALLS\"\n"
        + "exit " + exitStatus + "\n");
    Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path archive = dir.resolve("runner.tar.gz");
    Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", content.toString(), "run.sh")
        .inheritIO().start();
    if (tar.waitFor() != 0) {
      throw new IOException("tar failed");
    }
    Files.copy(archive, state.resolve("archive"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return Files.readAllBytes(archive);
  }

  /** Serves this archive instead (e.g. one that does not match the announced checksum). */
  void serveArchive(byte[] bytes) throws IOException {
    Files.write(state.resolve("archive"), bytes);
  }

  /**
   * {@code aws s3 cp} downloads from this S3 endpoint (moto) with boto3 instead of serving the archive, so the
   * script reads exactly the object at the key it names.
   */
  void fetchS3From(String python, URI endpoint) throws IOException {
    Files.writeString(state.resolve("s3-endpoint"), endpoint.toString());
    Files.writeString(state.resolve("python"), python);
    Files.writeString(state.resolve("s3get.py"), S3_GET);
  }

  /** The JIT configuration appears in SSM after this many failed polls. */
  void storeJitConfig(String value, int pollsBeforeVisible) throws IOException {
    Files.writeString(state.resolve("ssm-value"), value);
    Files.writeString(state.resolve("ssm-hidden-polls"), Integer.toString(pollsBeforeVisible));
  }

  boolean jitConfigStored() {
    return Files.exists(state.resolve("ssm-value"));
  }

  /** Runs the script with sh; returns its exit status. */
  int run(String script) throws IOException, InterruptedException {
    Path file = dir.resolve("user-data.sh");
    Files.writeString(file, script);
    ProcessBuilder builder = new ProcessBuilder("/bin/sh", file.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("console.log").toFile());
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", bin + ":" + dir.resolve("tools"));
    env.put("EC2RUNNER_ROOT", root.toString());
    env.put("EC2RUNNER_TEST_CALLS", calls.toString());
    env.put("EC2RUNNER_TEST_STATE", state.toString());
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("bootstrap script did not finish within 60 s");
    }
    return process.exitValue();
  }

  List<String> calls() throws IOException {
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  String console() throws IOException {
    return Files.readString(dir.resolve("console.log"));
  }

  String logFile() throws IOException {
    return Files.readString(root.resolve("var/log/ec2runner-bootstrap.log"));
  }

  void stub(String name, String body) throws IOException {
    executable(bin.resolve(name), "#!/bin/sh\necho \"" + name + " $*\" >> \"$EC2RUNNER_TEST_CALLS\"\n" + body + "\n");
  }

  private static void executable(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static String which(String tool) {
    for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return dir + "/" + tool;
      }
    }
    throw new IllegalStateException(tool + " is not installed");
  }

  /** IMDSv2: a token from PUT, metadata only with that token; anything else is the runner archive. */
  private static final String CURL = """
      url=""; out=""; token=""; method=GET
      while [ $# -gt 0 ]; do
        case "$1" in
          -o) out="$2"; shift ;;
          -X) method="$2"; shift ;;
          -H) case "$2" in "X-aws-ec2-metadata-token: "*) token="${2#X-aws-ec2-metadata-token: }" ;; esac; shift ;;
          -*) ;;
          *) url="$1" ;;
        esac
        shift
      done
      case "$url" in
        http://169.254.169.254/latest/api/token)
          [ "$method" = PUT ] || exit 22
          printf '%s' "%TOKEN%" ;;
        http://169.254.169.254/latest/meta-data/*)
          [ "$token" = "%TOKEN%" ] || exit 22
          case "$url" in
            */instance-id) printf '%s' "%INSTANCE%" ;;
            */placement/region) printf '%s' "%REGION%" ;;
            *) exit 22 ;;
          esac ;;
        *)
          [ -n "$out" ] || exit 2
          cp "$EC2RUNNER_TEST_STATE/archive" "$out" ;;
      esac
      """.replace("%TOKEN%", IMDS_TOKEN).replace("%INSTANCE%", INSTANCE_ID).replace("%REGION%", REGION);

  /** SSM get/delete of one parameter kept in a file; S3 copies of the archive. */
  private static final String AWS = """
      s="$EC2RUNNER_TEST_STATE"
      case "$1 $2" in
        "ssm get-parameter")
          hidden="$(cat "$s/ssm-hidden-polls" 2>/dev/null || echo 0)"
          if [ "$hidden" -gt 0 ]; then echo $((hidden - 1)) > "$s/ssm-hidden-polls"; exit 254; fi
          [ -f "$s/ssm-value" ] || { echo "ParameterNotFound" >&2; exit 254; }
          cat "$s/ssm-value" ;;
        "ssm delete-parameter")
          [ -f "$s/ssm-value" ] || { echo "ParameterNotFound" >&2; exit 254; }
          rm -f "$s/ssm-value" ;;
        "s3 cp")
          for last; do :; done
          if [ -f "$s/s3-endpoint" ]; then
            "$(cat "$s/python")" "$s/s3get.py" "$(cat "$s/s3-endpoint")" "$@" || exit 1
          else
            cp "$s/archive" "$last"
          fi ;;
        *) exit 2 ;;
      esac
      """;

  /** {@code aws s3 cp --region R ... s3://bucket/key DEST} against the endpoint given first, with boto3. */
  private static final String S3_GET = """
      import sys
      import boto3
      from botocore.config import Config
      endpoint, args = sys.argv[1], sys.argv[2:]
      region = args[args.index("--region") + 1]
      bucket, key = args[-2][len("s3://"):].split("/", 1)
      s3 = boto3.client("s3", endpoint_url=endpoint, region_name=region, aws_access_key_id="testing",
                        aws_secret_access_key="testing", config=Config(s3={"addressing_style": "path"}))
      s3.download_file(bucket, key, args[-1])
      """;

  /** Runs the command after "--" as the current user. */
  private static final String RUNUSER = """
      while [ $# -gt 0 ] && [ "$1" != "--" ]; do shift; done
      shift
      exec "$@"
      """;
}
