package dev.ec2runner.receiver;

/** Invalid or missing configuration; the message is one line meant for the operator starting the receiver. */
public final class ConfigException extends Exception {

  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
