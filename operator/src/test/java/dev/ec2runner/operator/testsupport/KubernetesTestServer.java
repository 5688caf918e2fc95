package dev.ec2runner.operator.testsupport;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;

/**
 * fabric8's mock API server in CRUD mode on 127.0.0.1 with the project's generated CRDs applied, and a client for
 * it. The CRDs come from the crds module's build output on the classpath ({@code META-INF/fabric8/*-v1.yml}).
 */
public final class KubernetesTestServer implements AutoCloseable {

  public static final List<String> CRDS = List.of("runnerpools.ec2runner.dev", "runners.ec2runner.dev",
      "workflowjobs.ec2runner.dev");

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private KubernetesTestServer(KubernetesMockServer server, KubernetesClient client) {
    this.server = server;
    this.client = client;
  }

  public static KubernetesTestServer start() {
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new PermissiveCrudDispatcher(), false);
    try {
      server.init(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KubernetesClient client = server.createClient();
    for (String crd : CRDS) {
      client.apiextensions().v1().customResourceDefinitions().resource(load(crd)).create();
    }
    return new KubernetesTestServer(server, client);
  }

  /** A generated CRD, by name, from the classpath. */
  public static CustomResourceDefinition load(String name) {
    String path = "META-INF/fabric8/" + name + "-v1.yml";
    try (InputStream in = KubernetesTestServer.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is not on the classpath; build the crds module first "
            + "(mvn -pl operator -am verify builds it)");
      }
      return new KubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * CRUD mode plus an answer to SelfSubjectRulesReview (which the CRUD store cannot evaluate): every verb allowed,
   * as for a service account with the chart's RBAC. JOSDK asks it before leader election.
   */
  private static final class PermissiveCrudDispatcher extends KubernetesCrudDispatcher {

    private static final String ALLOW_ALL = "{\"apiVersion\":\"authorization.k8s.io/v1\","
        + "\"kind\":\"SelfSubjectRulesReview\",\"metadata\":{},\"spec\":{},\"status\":{\"incomplete\":false,"
        + "\"nonResourceRules\":[],\"resourceRules\":[{\"verbs\":[\"*\"],\"apiGroups\":[\"*\"],"
        + "\"resources\":[\"*\"]}]}}";

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      if (request.getPath() != null && request.getPath().contains("/selfsubjectrulesreviews")) {
        return new MockResponse().setResponseCode(201).setBody(ALLOW_ALL);
      }
      return super.dispatch(request);
    }
  }

  public KubernetesClient client() {
    return client;
  }

  /** Another client of this server, as a second process would have one; its requests pass the interceptor first. */
  public KubernetesClient newClient(Interceptor interceptor) {
    return server.createClient(builder -> builder.withHttpClientBuilderConsumer(
        http -> http.addOrReplaceInterceptor("test", interceptor)));
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
