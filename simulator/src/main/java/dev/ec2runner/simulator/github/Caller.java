package dev.ec2runner.simulator.github;

/**
 * Who made an authenticated call: the App (JWT), one of its installations (installation token), or an enterprise
 * personal access token.
 *
 * @param bucket the rate-limit budget the call draws on
 */
record Caller(Kind kind, long appId, long installationId, String enterprise, String bucket) {

  enum Kind { APP, INSTALLATION, ENTERPRISE_TOKEN }

  static Caller app(long appId) {
    return new Caller(Kind.APP, appId, 0, null, "app:" + appId);
  }

  static Caller installation(long appId, long installationId) {
    return new Caller(Kind.INSTALLATION, appId, installationId, null, "installation:" + installationId);
  }

  static Caller enterpriseToken(String enterprise) {
    return new Caller(Kind.ENTERPRISE_TOKEN, 0, 0, enterprise, "token:" + enterprise);
  }
}
