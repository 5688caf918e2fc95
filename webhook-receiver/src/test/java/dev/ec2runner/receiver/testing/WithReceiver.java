package dev.ec2runner.receiver.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test against a receiver of the default world (pools.yaml's pools in the test's namespace, the receiver watching
 * it), built before each test and closed after ({@link ReceiverExtension}); its {@link Received} fields are filled.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(ReceiverExtension.class)
public @interface WithReceiver {
}
