package dev.ec2runner.operator.cloud.aws;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds and keeps the EC2, SSM and S3 clients of each region, all sharing one HTTP client and the call counter,
 * and knows the account they act in.
 * Pools may name different regions; each region's clients are built once, on first use.
 */
public final class AwsClientFactory implements AutoCloseable {

  private final String defaultRegion;
  private final Optional<URI> endpointOverride;
  private final AwsCredentialsProvider credentials;
  private final AwsCallCounter callCounter;
  private final SdkHttpClient httpClient;
  private final Map<String, RegionClients> byRegion = new ConcurrentHashMap<>();
  private volatile String accountId;

  /**
   * @param endpointOverride one endpoint for every service (a local emulator); empty for AWS itself
   * @param listeners told about every request sent
   */
  public AwsClientFactory(String defaultRegion, Optional<URI> endpointOverride, AwsCredentialsProvider credentials,
      List<AwsCallListener> listeners) {
    this.defaultRegion = defaultRegion;
    this.endpointOverride = endpointOverride;
    this.credentials = credentials;
    this.callCounter = new AwsCallCounter(listeners);
    this.httpClient = UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(5))
        .socketTimeout(Duration.ofSeconds(30))
        .build();
  }

  /** Region and credentials from the SDK's default chains (environment, profile, web identity, IMDS). */
  public static AwsClientFactory fromDefaultChains(List<AwsCallListener> listeners) {
    String region = DefaultAwsRegionProviderChain.builder().build().getRegion().id();
    return new AwsClientFactory(region, Optional.empty(), DefaultCredentialsProvider.builder().build(), listeners);
  }

  public String defaultRegion() {
    return defaultRegion;
  }

  /**
   * The AWS account the credentials act in, where every instance the operator launches lives; asked of STS once
   * ({@code GetCallerIdentity}, which needs no permission).
   */
  public String accountId() {
    String known = accountId;
    if (known == null) {
      try (StsClient sts = configure(StsClient.builder(), Region.of(defaultRegion)).build()) {
        known = sts.getCallerIdentity().account();
      }
      accountId = known;
    }
    return known;
  }

  /** The clients of a region; null or blank means the default region. */
  public RegionClients forRegion(String region) {
    String key = region == null || region.isBlank() ? defaultRegion : region;
    return byRegion.computeIfAbsent(key, this::build);
  }

  private RegionClients build(String region) {
    Region awsRegion = Region.of(region);
    var s3 = configure(S3Client.builder(), awsRegion);
    // A local endpoint has no bucket subdomains.
    endpointOverride.ifPresent(uri -> s3.forcePathStyle(true));
    return new RegionClients(region, configure(Ec2Client.builder(), awsRegion).build(),
        configure(SsmClient.builder(), awsRegion).build(), s3.build());
  }

  /** Region, credentials, the shared HTTP client, the call counter and the endpoint override of every client. */
  private <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(B builder, Region region) {
    builder.region(region).credentialsProvider(credentials).httpClient(httpClient)
        .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(callCounter).build());
    endpointOverride.ifPresent(builder::endpointOverride);
    return builder;
  }

  @Override
  public void close() {
    byRegion.values().forEach(RegionClients::close);
    byRegion.clear();
    httpClient.close();
  }
}
