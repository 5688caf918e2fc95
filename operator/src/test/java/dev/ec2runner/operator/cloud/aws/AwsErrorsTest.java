package dev.ec2runner.operator.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.operator.cloud.CloudException;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

class AwsErrorsTest {

  @Test
  void throttlingBecomesThrottledWithABackoff() {
    CloudException e = AwsErrors.translate("ec2:DescribeInstances", error("RequestLimitExceeded", "Request limit"));

    assertThat(e).isInstanceOfSatisfying(CloudException.Throttled.class,
        t -> assertThat(t.retryAfter()).isPositive());
  }

  @Test
  void permissionErrorsPointAtTheIamPolicyWithoutTheEncodedMessage() {
    CloudException e = AwsErrors.translate("ec2:CreateFleet", error("UnauthorizedOperation",
        "You are not authorized to perform this operation. Encoded authorization failure message: AbCdEf123"));

    assertThat(e).isInstanceOf(CloudException.InvalidConfiguration.class)
        .hasMessage("ec2:CreateFleet failed: UnauthorizedOperation: You are not authorized to perform this "
            + "operation. (the operator's IAM role lacks a permission; see examples/iam/operator-policy.json)");
  }

  @Test
  void redactedTranslationLeavesOutAwssMessage() {
    CloudException e = AwsErrors.translateRedacted("ssm:PutParameter",
        error("ValidationException", "Value 'secret-jit-config' failed to satisfy constraint"));

    assertThat(e.getMessage()).isEqualTo("ssm:PutParameter failed: ValidationException").doesNotContain("secret");
  }

  @Test
  void clientSideFailuresSayAwsWasUnreachableWithoutDetails() {
    CloudException e = AwsErrors.translate("ssm:GetParameter",
        SdkClientException.create("Unable to execute HTTP request: Connection refused"));

    assertThat(e).isExactlyInstanceOf(CloudException.class)
        .hasMessage("ssm:GetParameter failed: AWS could not be reached (SdkClientException)");
    assertThat(e.getCause()).isNull();
  }

  @Test
  void expiredOrMissingCredentialsAreRefusedCredentialsNotAPoolSetting() {
    CloudException expired = AwsErrors.translateRedacted("ssm:PutParameter",
        error("ExpiredTokenException", "The security token included in the request is expired"));
    CloudException auth = AwsErrors.translate("ec2:CreateFleet", error("AuthFailure", "AWS was not able to validate"));
    CloudException none = AwsErrors.translate("ec2:DescribeInstances",
        SdkClientException.create("Unable to load credentials from any of the providers in the chain"));

    assertThat(List.of(expired, auth, none)).allSatisfy(e -> assertThat(e)
        .isInstanceOf(CloudException.CredentialsRefused.class).hasMessageContaining("IRSA or Pod Identity"));
    assertThat(expired.getMessage()).startsWith("ssm:PutParameter failed: ExpiredTokenException");
    assertThat(none.getMessage()).contains("no AWS credentials could be loaded");
  }

  @Test
  void longMessagesAreCutToOneLine() {
    String message = AwsErrors.safeMessage("line one\nline two " + "x".repeat(500));

    assertThat(message).doesNotContain("\n").hasSizeLessThanOrEqualTo(241).endsWith("…");
  }

  @Test
  void classifiesCapacityCodes() {
    assertThat(AwsErrors.isCapacity("InsufficientInstanceCapacity")).isTrue();
    assertThat(AwsErrors.isCapacity("InsufficientCapacityOnOutpost")).isTrue();
    assertThat(AwsErrors.isCapacity("SpotMaxPriceTooLow")).isTrue();
    assertThat(AwsErrors.isCapacity("InvalidAMIID.NotFound")).isFalse();
    assertThat(AwsErrors.isInvalidConfiguration("InvalidAMIID.NotFound")).isTrue();
    assertThat(AwsErrors.isInvalidConfiguration("InternalError")).isFalse();
  }

  private static Ec2Exception error(String code, String message) {
    return (Ec2Exception) Ec2Exception.builder().statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
  }
}
