package dev.ec2runner.receiver.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field {@link ReceiverExtension} fills before each test, by its type: {@link ReceiverWorld} the test's world,
 * {@link KubernetesTestServer} its API server, {@link RunningReceiver} its receiver, {@link WebhookClient} that
 * receiver's client signing as GitHub does, String its namespace.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Received {
}
