package dev.ec2runner.operator.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.ec2runner.api.v1alpha1.AmiSelector;
import dev.ec2runner.api.v1alpha1.ResourceSelector;
import dev.ec2runner.api.v1alpha1.RunnerDistribution;
import dev.ec2runner.api.v1alpha1.RunnerPoolSpec;
import dev.ec2runner.api.v1alpha1.S3Distribution;
import dev.ec2runner.operator.InstallationId;
import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.bootstrap.RunnerDownload;
import dev.ec2runner.operator.bootstrap.RunnerMirrorLocation;
import dev.ec2runner.operator.bootstrap.UserDataRenderer;
import dev.ec2runner.operator.cloud.CapacityType;
import dev.ec2runner.operator.cloud.LaunchedInstance;
import dev.ec2runner.operator.cloud.RunnerConfigKey;
import dev.ec2runner.operator.testsupport.AwsTestPools;
import dev.ec2runner.operator.testsupport.MotoServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;

/**
 * The example IAM policies parse as IAM policies, the operator policy allows every AWS action the operator performs
 * (collected by the call counter while exercising every operation against moto), and the instance policy allows
 * every AWS CLI call in the bootstrap script.
 */
class IamPolicyIT {

  @RegisterExtension
  static final MotoServer MOTO = new MotoServer();

  private static final Path EXAMPLES = Path.of("..", "examples", "iam");
  private static final String FILENAME = "actions-runner-linux-x64-2.330.0.tar.gz";
  /** AWS actions a call needs besides its own name. */
  private static final Map<String, List<String>> IMPLIED = Map.of(
      "ec2:CreateFleet", List.of("ec2:RunInstances", "ec2:CreateTags", "iam:PassRole"),
      "ec2:CreateLaunchTemplate", List.of("ec2:CreateTags"),
      // Tags given to PutParameter need the tagging permission too.
      "ssm:PutParameter", List.of("ssm:AddTagsToResource"),
      "s3:HeadObject", List.of("s3:GetObject", "s3:ListBucket"),
      // A started upload is aborted when the archive turns out wrong.
      "s3:CreateMultipartUpload", List.of("s3:AbortMultipartUpload"));
  /** SDK operations whose IAM action has another name. */
  private static final Map<String, String> RENAMED = Map.of("s3:HeadObject", "s3:GetObject",
      "s3:CreateMultipartUpload", "s3:PutObject", "s3:UploadPart", "s3:PutObject",
      "s3:CompleteMultipartUpload", "s3:PutObject", "s3:ListObjectsV2", "s3:ListBucket");

  /** Calls IAM allows every principal. */
  private static final Set<String> NEEDS_NO_PERMISSION = Set.of("sts:GetCallerIdentity");

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void bothPoliciesAreWellFormedIamPolicies() throws Exception {
    for (String file : List.of("operator-policy.json", "instance-policy.json")) {
      JsonNode policy = json.readTree(EXAMPLES.resolve(file).toFile());
      assertThat(policy.path("Version").asText()).as(file).isEqualTo("2012-10-17");
      assertThat(policy.path("Statement").isArray()).as(file).isTrue();
      Set<String> sids = new TreeSet<>();
      for (JsonNode statement : policy.path("Statement")) {
        assertThat(statement.path("Effect").asText()).as(file).isIn("Allow", "Deny");
        assertThat(strings(statement.path("Action"))).as(file).isNotEmpty()
            .allMatch(action -> action.matches("[a-z0-9-]+:[A-Za-z*]+"));
        assertThat(strings(statement.path("Resource"))).as(file).isNotEmpty()
            .allMatch(resource -> resource.equals("*") || resource.startsWith("arn:aws:"));
        assertThat(sids.add(statement.path("Sid").asText())).as(file + " has unique Sids").isTrue();
        statement.fieldNames().forEachRemaining(field -> assertThat(field).as(file)
            .isIn("Sid", "Effect", "Action", "Resource", "Condition"));
      }
    }
  }

  @Test
  void theOperatorPolicyAllowsEveryActionTheOperatorPerforms() throws Exception {
    Set<String> performed = exerciseEveryOperation();
    JsonNode policy = json.readTree(EXAMPLES.resolve("operator-policy.json").toFile());

    Set<String> required = new TreeSet<>();
    for (String call : performed) {
      if (NEEDS_NO_PERMISSION.contains(call)) {
        continue;
      }
      required.add(RENAMED.getOrDefault(call, call));
      required.addAll(IMPLIED.getOrDefault(call, List.of()));
    }

    assertThat(performed).contains("ec2:CreateFleet", "ec2:DescribeInstances", "ec2:DescribeInstanceAttribute",
        "ec2:TerminateInstances",
        "ec2:CreateLaunchTemplate", "ec2:DeleteLaunchTemplate", "ssm:PutParameter", "ssm:DeleteParameter",
        "ssm:GetParametersByPath", "ssm:GetParameter", "s3:CreateMultipartUpload", "s3:UploadPart",
        "s3:CompleteMultipartUpload", "s3:ListObjectsV2");
    assertThat(required).allSatisfy(action -> assertThat(allows(policy, action))
        .as("operator-policy.json allows " + action).isTrue());
    // Whatever destroys or writes is confined to the example installation (prod): another one's stays out of reach.
    for (String action : List.of("ssm:PutParameter", "ssm:DeleteParameter", "ssm:GetParametersByPath")) {
      assertThat(resourcesOf(policy, action)).as(action).isNotEmpty()
          .allMatch(r -> r.endsWith(":parameter/ec2runner/prod") || r.endsWith(":parameter/ec2runner/prod/*"));
    }
    for (String action : List.of("ec2:TerminateInstances", "ec2:DeleteLaunchTemplate")) {
      assertThat(conditionsOf(policy, action)).as(action).isNotEmpty()
          .allMatch(c -> c.contains("\"aws:ResourceTag/ec2runner.dev/managed\":\"true\"")
              && c.contains("\"aws:ResourceTag/ec2runner.dev/installation\":\"prod\""));
    }
    for (String action : List.of("ec2:CreateLaunchTemplate", "ec2:RunInstances")) {
      assertThat(conditionsOf(policy, action).stream().filter(c -> c.contains("RequestTag"))).as(action)
          .isNotEmpty().allMatch(c -> c.contains("\"aws:RequestTag/ec2runner.dev/installation\":\"prod\""));
    }
  }

  @Test
  void theInstancePolicyAllowsEveryAwsCallOfTheBootstrapScriptAndNothingToWrite() throws Exception {
    JsonNode policy = json.readTree(EXAMPLES.resolve("instance-policy.json").toFile());
    Set<String> scriptActions = bootstrapActions();

    assertThat(scriptActions).containsExactlyInAnyOrder("ssm:GetParameter", "ssm:DeleteParameter", "s3:GetObject");
    assertThat(scriptActions).allSatisfy(action -> assertThat(allows(policy, action))
        .as("instance-policy.json allows " + action).isTrue());
    assertThat(allows(policy, "ssm:PutParameter")).isFalse();
    assertThat(resourcesOf(policy, "ssm:GetParameter")).allMatch(r -> r.contains(":parameter/ec2runner/prod/"));
  }

  @Test
  void eachInstanceMayTakeOnlyTheConfigurationTaggedWithItsOwnArn() throws Exception {
    JsonNode policy = json.readTree(EXAMPLES.resolve("instance-policy.json").toFile());
    String ownInstanceOnly = "{\"StringEquals\":{\"ssm:resourceTag/" + RunnerConfigStore.INSTANCE_ARN_TAG
        + "\":\"${ec2:SourceInstanceARN}\"}}";

    for (String action : List.of("ssm:GetParameter", "ssm:DeleteParameter")) {
      assertThat(conditionsOf(policy, action)).as(action).isNotEmpty().allMatch(ownInstanceOnly::equals);
      assertThat(resourcesOf(policy, action)).as(action)
          .allMatch(r -> r.endsWith(":parameter/ec2runner/prod/ci/linux/i-*"));
    }
  }

  @Test
  void theOperatorMayPassOnlyRolesUnderTheRunnerPathAndOnlyToEc2() throws Exception {
    JsonNode policy = json.readTree(EXAMPLES.resolve("operator-policy.json").toFile());

    assertThat(resourcesOf(policy, "iam:PassRole")).isNotEmpty()
        .allMatch(r -> r.matches("arn:aws:iam::[0-9]{12}:role/ec2runner/\\*"));
    assertThat(conditionsOf(policy, "iam:PassRole"))
        .allMatch(c -> c.equals("{\"StringEquals\":{\"iam:PassedToService\":\"ec2.amazonaws.com\"}}"));
  }

  private Set<String> exerciseEveryOperation() throws Exception {
    MOTO.reset();
    // The test's own setup goes through clients that count nothing.
    try (AwsClientFactory setup = MOTO.clientFactory()) {
      setup.forRegion(MotoServer.REGION).ec2().createSecurityGroup(r -> r.groupName("runners")
          .description("runners").tagSpecifications(t -> t.resourceType(ResourceType.SECURITY_GROUP)
              .tags(tag -> tag.key("ec2runner").value("yes"))));
      setup.forRegion(MotoServer.REGION).s3().createBucket(r -> r.bucket("example-runner-mirror")
          .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(MotoServer.REGION))));
    }
    AwsCallCounts calls = new AwsCallCounts();
    try (AwsClientFactory clients = MOTO.clientFactory(calls)) {
      var ec2 = clients.forRegion(MotoServer.REGION).ec2();
      Ec2RunnerCloud cloud = new Ec2RunnerCloud(clients, AwsTestPools.fixedDownloads(), new UserDataRenderer(),
          Clock.systemUTC(), Ec2CloudSettings.defaults().withLaunchTemplateMinAge(Duration.ZERO)
              .withInstallation(new InstallationId("prod")));
      RunnerPoolSpec bySsm = AwsTestPools.spec(AwsTestPools.defaultSubnetIds(ec2), "m5.large");
      bySsm.getEc2().setSecurityGroups(List.of(new ResourceSelector().withTags(Map.of("ec2runner", "yes"))));
      RunnerPoolSpec byName = AwsTestPools.spec(AwsTestPools.defaultSubnetIds(ec2), "m5.large");
      byName.getEc2().setAmi(new AmiSelector().withName("al2023-ami-2023.*-x86_64").withOwner("amazon"));

      LaunchedInstance spot = cloud.launch(AwsTestPools.launch("linux", bySsm));
      LaunchedInstance other = cloud.launch(AwsTestPools.launch("other", byName, CapacityType.ON_DEMAND, Set.of()));
      RunnerConfigKey key = new RunnerConfigKey("ci", "linux", spot.instanceId());
      cloud.handOffRunnerConfig(key, Sensitive.of("jit"));
      cloud.listRunnerConfigs();
      cloud.deleteRunnerConfig(key);
      cloud.listInstances();
      cloud.terminate(List.of(spot.instanceId(), "i-0123456789abcdef0"));
      cloud.terminateLaunchedHere(MotoServer.REGION, List.of(other.instanceId()));
      cloud.pruneLaunchTemplates(Set.of());
      mirrorOnce(clients);
      // A pool that installs from the mirror looks up the archive there before it launches.
      RunnerPoolSpec mirrored = AwsTestPools.spec(AwsTestPools.defaultSubnetIds(ec2), "m5.large");
      mirrored.getRunner().setDistribution(new RunnerDistribution().withSource("s3")
          .withS3(new S3Distribution().withBucket("example-runner-mirror")));
      cloud.launch(AwsTestPools.launch("mirrored", mirrored));
    }
    return calls.snapshot().keySet();
  }

  private static void mirrorOnce(AwsClientFactory clients) throws Exception {
    byte[] archive = "runner".getBytes(StandardCharsets.UTF_8);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, archive.length);
      exchange.getResponseBody().write(archive);
      exchange.close();
    });
    server.start();
    try {
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive));
      new RunnerBinaryMirror(clients, new HttpBinaryFetcher()).sync(
          new RunnerMirrorLocation("example-runner-mirror", "actions-runner/" + FILENAME, MotoServer.REGION),
          new RunnerDownload("linux", "x64", "http://127.0.0.1:" + server.getAddress().getPort() + "/r.tar.gz",
              FILENAME, sha));
    } finally {
      server.stop(0);
    }
  }

  /** {@code aws ssm get-parameter} in the script becomes {@code ssm:GetParameter}; {@code aws s3 cp} a read. */
  private static Set<String> bootstrapActions() throws Exception {
    String script;
    try (InputStream in = UserDataRenderer.class.getResourceAsStream("/bootstrap/bootstrap.sh")) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Set<String> actions = new TreeSet<>();
    Matcher matcher = Pattern.compile("\\baws (ssm|s3) ([a-z-]+)").matcher(script);
    while (matcher.find()) {
      if (matcher.group(1).equals("s3")) {
        actions.add(matcher.group(2).equals("cp") ? "s3:GetObject" : "s3:" + matcher.group(2));
        continue;
      }
      StringBuilder action = new StringBuilder();
      for (String word : matcher.group(2).split("-")) {
        action.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
      actions.add("ssm:" + action);
    }
    return actions;
  }

  private static boolean allows(JsonNode policy, String action) {
    for (JsonNode statement : policy.path("Statement")) {
      if ("Allow".equals(statement.path("Effect").asText())
          && strings(statement.path("Action")).stream().anyMatch(pattern -> matches(pattern, action))) {
        return true;
      }
    }
    return false;
  }

  private static List<String> resourcesOf(JsonNode policy, String action) {
    List<String> resources = new ArrayList<>();
    for (JsonNode statement : policy.path("Statement")) {
      if (strings(statement.path("Action")).stream().anyMatch(pattern -> matches(pattern, action))) {
        resources.addAll(strings(statement.path("Resource")));
      }
    }
    return resources;
  }

  private static List<String> conditionsOf(JsonNode policy, String action) {
    List<String> conditions = new ArrayList<>();
    for (JsonNode statement : policy.path("Statement")) {
      if (strings(statement.path("Action")).stream().anyMatch(pattern -> matches(pattern, action))) {
        conditions.add(statement.path("Condition").toString());
      }
    }
    return conditions;
  }

  /** IAM action matching: case-insensitive, {@code *} matches any run of characters. */
  private static boolean matches(String pattern, String action) {
    String regex = Pattern.quote(pattern.toLowerCase(Locale.ROOT)).replace("*", "\\E.*\\Q");
    return action.toLowerCase(Locale.ROOT).matches(regex);
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isTextual()) {
      values.add(node.asText());
    } else if (node.isArray()) {
      node.forEach(value -> values.add(value.asText()));
    }
    return values;
  }
}
