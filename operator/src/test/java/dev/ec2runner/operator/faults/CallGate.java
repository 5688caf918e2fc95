package dev.ec2runner.operator.faults;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every call the operator makes to its outside world (the cloud, GitHub) passes through this gate, where rules may
 * fail it before it happens or after it took effect, and see every failure: faults of a misconfigured account, a
 * process killed mid-step or fenced off after its stop, the sandbox's random API errors, counters of what failed.
 * The one way faults are put on the ports' calls, in the tests' worlds and the sandbox alike; only GitHub's wire
 * faults (HTTP statuses, for the real adapter to meet) are the fake GitHub's own. Built from dynamic proxies, so the
 * ports may grow methods without this class changing.
 */
public final class CallGate {

  /**
   * One call through the gate.
   *
   * @param name {@code Interface.method} of the interface declaring the method, e.g. {@code RunnerCloud.launch}
   * @param origin the arguments of the call that made the object called, e.g. {@code (pool, credentials)} of
   *     {@code GitHubClients.forPool} for the calls on the GitHub client of that pool; empty otherwise
   */
  public record Call(String name, Method method, Object[] args, Object[] origin) {

    public boolean is(String callName) {
      return name.equals(callName);
    }

    /** Whether the method may fail with this (checked) exception, as a fault must respect the port's contract. */
    public boolean mayThrow(Class<? extends Exception> type) {
      for (Class<?> declared : method.getExceptionTypes()) {
        if (declared.isAssignableFrom(type)) {
          return true;
        }
      }
      return RuntimeException.class.isAssignableFrom(type);
    }

    @SuppressWarnings("unchecked")
    public <T> T arg(int index) {
      return (T) args[index];
    }

    @SuppressWarnings("unchecked")
    public <T> T origin(int index) {
      return (T) origin[index];
    }
  }

  /** Decides the fate of calls; a rule throws the exception the call should fail with. */
  public interface Rule {

    /** Before the call reaches the outside world. */
    default void before(Call call) throws Exception {
    }

    /** After the call took effect, before the operator sees its result. */
    default void after(Call call, Object result) throws Exception {
    }

    /** The call failed, by a rule or by the port itself; the operator sees this failure next. */
    default void failed(Call call, Throwable failure) {
    }
  }

  private final List<Rule> rules = new CopyOnWriteArrayList<>();

  public CallGate(List<Rule> rules) {
    this.rules.addAll(rules);
  }

  public void add(Rule rule) {
    rules.add(rule);
  }

  /** The delegate behind the gate, as the interface the operator uses. */
  public <T> T wrap(Class<T> type, T delegate) {
    return wrap(type, delegate, new Object[0]);
  }

  private <T> T wrap(Class<T> type, Object delegate, Object[] origin) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (proxy, method, args) -> invoke(delegate, method, args == null ? new Object[0] : args, origin)));
  }

  private Object invoke(Object delegate, Method method, Object[] args, Object[] origin)
      throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return method.invoke(delegate, args);
    }
    // Named after the interface that declares the method, so a port that extends another keeps the call names.
    Call call = new Call(method.getDeclaringClass().getSimpleName() + "." + method.getName(), method, args, origin);
    Object result;
    try {
      for (Rule rule : rules) {
        rule.before(call);
      }
      try {
        result = method.invoke(delegate, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      for (Rule rule : rules) {
        rule.after(call, result);
      }
    } catch (Throwable failure) {
      for (Rule rule : rules) {
        rule.failed(call, failure);
      }
      throw failure;
    }
    // A client handed out by a factory (a pool's GitHub client) passes through the gate too.
    Class<?> returned = method.getReturnType();
    if (result != null && returned.isInterface() && returned.getPackageName().startsWith("dev.ec2runner")) {
      return wrap(returned, result, args);
    }
    return result;
  }
}
