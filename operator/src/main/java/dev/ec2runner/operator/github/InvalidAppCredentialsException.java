package dev.ec2runner.operator.github;

/** App credentials that cannot be used; the message says what is wrong and never contains the secret values. */
public class InvalidAppCredentialsException extends Exception {

  public InvalidAppCredentialsException(String message) {
    super(message);
  }
}
