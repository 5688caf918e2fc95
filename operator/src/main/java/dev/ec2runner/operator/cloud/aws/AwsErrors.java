package dev.ec2runner.operator.cloud.aws;

import dev.ec2runner.operator.cloud.CloudException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns AWS errors into typed {@link CloudException}s with short, safe messages: the error code and AWS's own
 * one-line message, never a stack trace, a request body or an encoded authorization message.
 */
public final class AwsErrors {

  /** How long callers wait after a throttling error the SDK's own retries did not absorb. */
  public static final Duration THROTTLE_BACKOFF = Duration.ofSeconds(10);

  private static final int MAX_MESSAGE = 240;
  /** How the SDK's credential providers say that none of them found credentials. */
  private static final String NO_CREDENTIALS = "Unable to load credentials";
  private static final String CREDENTIALS_HINT = " (the operator's AWS credentials were refused: check its IRSA or "
      + "Pod Identity association and the role's trust policy)";

  private static final Set<String> THROTTLING = Set.of("RequestLimitExceeded", "Throttling", "ThrottlingException",
      "ThrottledException", "RequestThrottled", "RequestThrottledException", "TooManyRequestsException",
      "SlowDown", "ProvisionedThroughputExceededException");

  private static final Set<String> CAPACITY = Set.of("InsufficientInstanceCapacity", "UnfulfillableCapacity",
      "MaxSpotInstanceCountExceeded", "SpotMaxPriceTooLow", "InsufficientHostCapacity",
      "InsufficientReservedInstanceCapacity", "InsufficientFreeAddressesInSubnet", "Unsupported",
      // Account quotas behave like capacity: another capacity type may still fit, and they clear as runners end.
      "VcpuLimitExceeded", "InstanceLimitExceeded");

  /** The request's signature or credentials were refused: nothing the operator does succeeds until they renew. */
  private static final Set<String> CREDENTIALS = Set.of("ExpiredToken", "ExpiredTokenException", "AuthFailure",
      "InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId", "SignatureDoesNotMatch",
      "RequestExpired", "IncompleteSignature", "InvalidToken");

  private AwsErrors() {
  }

  /** Whether the code says EC2 had no capacity for the offering (so another offering may work). */
  public static boolean isCapacity(String code) {
    return code != null && (CAPACITY.contains(code) || code.startsWith("InsufficientCapacity"));
  }

  public static boolean isThrottling(String code) {
    return code != null && THROTTLING.contains(code);
  }

  /** Whether the code says AWS refused the operator's credentials (expired, revoked, or a wrong signature). */
  public static boolean isCredentialsRefused(String code) {
    return code != null && CREDENTIALS.contains(code);
  }

  /** Whether the code says the request itself cannot work: bad AMI, subnet, profile, parameter or permissions. */
  public static boolean isInvalidConfiguration(String code) {
    if (code == null) {
      return false;
    }
    return code.startsWith("Invalid") || code.startsWith("MissingParameter") || code.equals("UnauthorizedOperation")
        || code.startsWith("AccessDenied") || code.equals("ParameterNotFound") || code.equals("OptInRequired")
        || code.equals("NoSuchBucket");
  }

  /** The error code of an AWS error, or null for client-side failures (network, timeouts). */
  public static String code(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      return service.awsErrorDetails().errorCode();
    }
    return null;
  }

  /**
   * Maps a failed call that is not a launch (launches also know their offerings).
   *
   * @param action what was attempted, e.g. {@code ec2:DescribeInstances}
   */
  public static CloudException translate(String action, SdkException e) {
    return translate(action, e, true);
  }

  /** Like {@link #translate(String, SdkException)} without AWS's message, which may echo a secret request value. */
  public static CloudException translateRedacted(String action, SdkException e) {
    return translate(action, e, false);
  }

  private static CloudException translate(String action, SdkException e, boolean withDetail) {
    String code = code(e);
    if (code == null) {
      if (e.getMessage() != null && e.getMessage().startsWith(NO_CREDENTIALS)) {
        return new CloudException.CredentialsRefused(action + " failed: no AWS credentials could be loaded"
            + CREDENTIALS_HINT);
      }
      return new CloudException(action + " failed: AWS could not be reached (" + e.getClass().getSimpleName() + ")");
    }
    String message = withDetail ? describe(action, code, e) : action + " failed: " + code;
    if (isCredentialsRefused(code)) {
      return new CloudException.CredentialsRefused(message + CREDENTIALS_HINT);
    }
    if (isThrottling(code) || (e instanceof AwsServiceException service && service.isThrottlingException())) {
      return new CloudException.Throttled(message, THROTTLE_BACKOFF);
    }
    if (isInvalidConfiguration(code)) {
      return new CloudException.InvalidConfiguration(message + hint(code));
    }
    return new CloudException(message);
  }

  /** {@code action failed: Code: message}, the message cut to one short line. */
  static String describe(String action, String code, SdkException e) {
    String detail = e instanceof AwsServiceException service && service.awsErrorDetails() != null
        ? service.awsErrorDetails().errorMessage() : null;
    return action + " failed: " + code + (detail == null ? "" : ": " + safeMessage(detail));
  }

  /** AWS's message without encoded authorization blobs or line breaks, at most a line long. */
  static String safeMessage(String awsMessage) {
    String text = awsMessage;
    int encoded = text.indexOf("Encoded authorization failure message");
    if (encoded >= 0) {
      text = text.substring(0, encoded);
    }
    text = text.replaceAll("\\s+", " ").trim();
    return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "…";
  }

  /** Where to look, so the message is actionable. */
  static String hint(String code) {
    String c = code.toLowerCase(Locale.ROOT);
    if (c.contains("ami") || c.contains("image")) {
      return " (check spec.ec2.ami)";
    }
    if (c.contains("subnet")) {
      return " (check spec.ec2.subnets)";
    }
    if (c.contains("group")) {
      return " (check spec.ec2.securityGroups)";
    }
    if (c.contains("iaminstanceprofile") || c.contains("profile")) {
      return " (check spec.ec2.instanceProfile)";
    }
    if (c.contains("instancetype")) {
      return " (check spec.ec2.instanceTypes)";
    }
    if (c.equals("unauthorizedoperation") || c.startsWith("accessdenied")) {
      return " (the operator's IAM role lacks a permission; see examples/iam/operator-policy.json)";
    }
    if (c.equals("parameternotfound")) {
      return " (check spec.ec2.ami.ssmParameter)";
    }
    return "";
  }
}
