package dev.ec2runner.operator.cloud.aws;

import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * SDK interceptor that reports each request it transmits to the listeners. It counts at transmission, not at the
 * API method call, because retried attempts are what AWS rate-limits and bills.
 */
public final class AwsCallCounter implements ExecutionInterceptor {

  private final List<AwsCallListener> listeners;

  public AwsCallCounter(List<AwsCallListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String service = iamPrefix(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
    String action = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    for (AwsCallListener listener : listeners) {
      listener.onCall(service, action);
    }
  }

  /** The SDK names services Ec2, Ssm, S3; IAM policies and people use ec2, ssm, s3. */
  static String iamPrefix(String sdkServiceName) {
    return sdkServiceName == null ? "unknown" : sdkServiceName.toLowerCase(Locale.ROOT);
  }
}
