package dev.ec2runner.operator.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test against a running operator of the default configuration, started before each test and stopped after
 * ({@link OperatorExtension}); its {@link Operated} fields are filled.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(OperatorExtension.class)
public @interface WithOperator {
}
