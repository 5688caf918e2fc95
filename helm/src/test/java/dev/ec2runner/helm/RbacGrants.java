package dev.ec2runner.helm;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** What one ServiceAccount may do according to the Roles, ClusterRoles and bindings a chart rendered. */
final class RbacGrants {

  /** Namespace of a grant that applies cluster-wide (a ClusterRoleBinding). */
  static final String ALL_NAMESPACES = "*";

  /** One rule, effective in one namespace (or all). */
  record Grant(String namespace, String apiGroup, String resource, String verb, List<String> resourceNames) {
  }

  private final List<Grant> grants;

  private RbacGrants(List<Grant> grants) {
    this.grants = List.copyOf(grants);
  }

  static RbacGrants of(RenderedChart chart, String namespace, String serviceAccount) {
    List<Grant> grants = new ArrayList<>();
    for (ClusterRoleBinding binding : chart.all(ClusterRoleBinding.class)) {
      if (binds(binding.getSubjects(), namespace, serviceAccount)) {
        expand(ALL_NAMESPACES, rulesOf(chart, binding.getRoleRef(), null), grants);
      }
    }
    for (RoleBinding binding : chart.all(RoleBinding.class)) {
      if (binds(binding.getSubjects(), namespace, serviceAccount)) {
        String bindingNamespace = binding.getMetadata().getNamespace();
        expand(bindingNamespace, rulesOf(chart, binding.getRoleRef(), bindingNamespace), grants);
      }
    }
    return new RbacGrants(grants);
  }

  List<Grant> all() {
    return grants;
  }

  List<Grant> on(String resource) {
    return grants.stream().filter(g -> g.resource().equals(resource)).collect(Collectors.toList());
  }

  /** Verbs on a resource that apply in the namespace, directly or through a cluster-wide grant. */
  List<String> verbs(String resource, String namespace) {
    return grants.stream()
        .filter(g -> g.resource().equals(resource))
        .filter(g -> g.namespace().equals(namespace) || g.namespace().equals(ALL_NAMESPACES))
        .map(Grant::verb).distinct().sorted().collect(Collectors.toList());
  }

  private static boolean binds(List<Subject> subjects, String namespace, String serviceAccount) {
    return subjects.stream().anyMatch(s -> "ServiceAccount".equals(s.getKind())
        && serviceAccount.equals(s.getName()) && namespace.equals(s.getNamespace()));
  }

  /** The referenced role's rules; a binding to a role the chart does not define is a chart bug. */
  private static List<PolicyRule> rulesOf(RenderedChart chart, RoleRef ref, String bindingNamespace) {
    Optional<List<PolicyRule>> rules;
    if ("ClusterRole".equals(ref.getKind())) {
      rules = chart.all(ClusterRole.class).stream().filter(r -> r.getMetadata().getName().equals(ref.getName()))
          .findFirst().map(ClusterRole::getRules);
    } else {
      rules = chart.all(Role.class).stream()
          .filter(r -> r.getMetadata().getName().equals(ref.getName()))
          .filter(r -> r.getMetadata().getNamespace().equals(bindingNamespace))
          .findFirst().map(Role::getRules);
    }
    return rules.orElseThrow(() -> new AssertionError("binding refers to " + ref.getKind() + " " + ref.getName()
        + (bindingNamespace == null ? "" : " in " + bindingNamespace) + ", which the chart does not render"));
  }

  private static void expand(String namespace, List<PolicyRule> rules, List<Grant> into) {
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            into.add(new Grant(namespace, group, resource, verb, List.copyOf(rule.getResourceNames())));
          }
        }
      }
    }
  }
}
