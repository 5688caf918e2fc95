package dev.ec2runner.operator.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the field {@link OperatorExtension} fills before each test: an {@link OperatorWorld} field gets the
 * test's world, a String field its namespace.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Operated {
}
