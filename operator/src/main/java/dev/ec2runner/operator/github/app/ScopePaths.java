package dev.ec2runner.operator.github.app;

import dev.ec2runner.api.matching.PoolScope;
import java.util.regex.Pattern;

/** The REST paths of a scope's self-hosted runner endpoints, concrete and as OpenAPI templates. */
final class ScopePaths {

  /** GitHub's owner, repository, organization and enterprise names use only these characters. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

  private ScopePaths() {
  }

  /** The concrete prefix, e.g. {@code /orgs/acme/actions}. */
  static String actions(PoolScope scope) {
    return switch (scope.level()) {
      case ORGANIZATION -> "/orgs/" + segment(scope.name(), "organization") + "/actions";
      case ENTERPRISE -> "/enterprises/" + segment(scope.name(), "enterprise") + "/actions";
      case REPOSITORY -> repository(scope.name()) + "/actions";
    };
  }

  /** The OpenAPI template of the same prefix, e.g. {@code /orgs/{org}/actions}. */
  static String template(PoolScope scope) {
    return switch (scope.level()) {
      case ORGANIZATION -> "/orgs/{org}/actions";
      case ENTERPRISE -> "/enterprises/{enterprise}/actions";
      case REPOSITORY -> "/repos/{owner}/{repo}/actions";
    };
  }

  /** {@code /repos/OWNER/NAME} for {@code OWNER/NAME}. */
  static String repository(String fullName) {
    int slash = fullName.indexOf('/');
    if (slash <= 0 || slash != fullName.lastIndexOf('/')) {
      throw new IllegalArgumentException("repository must be 'owner/name', got '" + fullName + "'");
    }
    return "/repos/" + segment(fullName.substring(0, slash), "repository owner") + "/"
        + segment(fullName.substring(slash + 1), "repository name");
  }

  private static String segment(String name, String what) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(what + " '" + name + "' is not a valid GitHub name");
    }
    return name;
  }
}
