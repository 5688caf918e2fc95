package dev.ec2runner.simulator.sandbox;

import dev.ec2runner.operator.OperatorComponents;
import dev.ec2runner.operator.github.GitHubClients;
import dev.ec2runner.operator.github.GitHubInstallation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * What a pod kill does to a stopped operator process's outside world: once closed, every call it still makes to the
 * cloud or GitHub fails. A stop waits only so long for running reconciles, and in one JVM a straggler would otherwise
 * act after its successor started, which no killed pod can.
 */
final class ProcessFence {

  private volatile boolean closed;

  /** The components, reachable only while this fence is open. */
  OperatorComponents guard(OperatorComponents components) {
    GitHubClients clients = components.gitHubClients();
    GitHubClients guardedClients = (pool, credentials) -> wrap(GitHubInstallation.class,
        clients.forPool(pool, credentials));
    return new OperatorComponents(wrap(dev.ec2runner.operator.cloud.RunnerCloud.class, components.cloud()),
        wrap(GitHubClients.class, guardedClients), components.clock());
  }

  void close() {
    closed = true;
  }

  private <T> T wrap(Class<T> type, T target) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return method.invoke(target, args);
      }
      if (closed) {
        throw new IllegalStateException("operator process stopped: no more calls to " + method.getName());
      }
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
