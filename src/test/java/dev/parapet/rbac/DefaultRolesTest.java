package dev.parapet.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.model.Inventory;
import dev.parapet.model.ObjectRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * parapet's default roles ({@code default-roles.yaml}) against Kubernetes' bootstrap policy in
 * ../shared/corpus/rbac-bootstrap: every role must allow exactly what the upstream role of the same
 * name allows, aggregated roles after aggregation, on every combination of API group, resource,
 * subresource, verb and name either definition mentions, plus probes for wildcards and for names
 * neither mentions. The definitions are written differently (grouped by verb set), so the
 * comparison is of decisions, never of text.
 */
class DefaultRolesTest {
  private static final String AGGREGATE_TO = "rbac.authorization.k8s.io/aggregate-to-";

  /** What parapet ships; the names are the decision recorded in docs/architecture.md. */
  private static final List<ObjectRef> SHIPPED =
      List.of(
          new ObjectRef("ClusterRole", "", "cluster-admin"),
          new ObjectRef("ClusterRole", "", "admin"),
          new ObjectRef("ClusterRole", "", "edit"),
          new ObjectRef("ClusterRole", "", "view"),
          new ObjectRef("ClusterRole", "", "system:aggregate-to-admin"),
          new ObjectRef("ClusterRole", "", "system:aggregate-to-edit"),
          new ObjectRef("ClusterRole", "", "system:aggregate-to-view"),
          new ObjectRef("ClusterRole", "", "system:auth-delegator"),
          new ObjectRef("Role", "kube-system", "extension-apiserver-authentication-reader"));

  private static RbacIndex ours;
  private static RbacIndex upstream;

  @BeforeAll
  static void load() throws IOException {
    assertThat(BootstrapPolicyTest.CORPUS)
        .as("the RBAC corpus must be checked out beside the project")
        .isDirectory();
    ours = RbacIndex.of(Inventory.of(List.of()));
    // cluster-roles.yaml is the newest file holding these ClusterRoles (SOURCE.md: only the
    // ClusterRoleBindings file is older); the Role is in namespace-roles.yaml
    upstream =
        RbacIndex.of(
            Yaml.inventory(
                List.of(
                    BootstrapPolicyTest.CORPUS.resolve("cluster-roles.yaml"),
                    BootstrapPolicyTest.CORPUS.resolve("namespace-roles.yaml"))),
            false);
  }

  @Test
  void shipsTheChosenRolesAndNothingElse() {
    List<ObjectRef> shipped = new ArrayList<>();
    DefaultRoles.clusterRoles()
        .forEach(r -> shipped.add(new ObjectRef("ClusterRole", "", r.name())));
    DefaultRoles.roles().forEach(r -> shipped.add(new ObjectRef("Role", r.namespace(), r.name())));
    assertThat(shipped).containsExactlyInAnyOrderElementsOf(SHIPPED);
    for (ObjectRef ref : SHIPPED) {
      assertThat(ours.isDefaultRole(ref)).as(ref.toString()).isTrue();
      assertThat(upstream.isDefaultRole(ref)).as(ref.toString()).isFalse();
    }
  }

  @Test
  void everyRoleAllowsExactlyWhatUpstreamAllows() {
    Map<String, Map<String, Boolean>> disagreements = new TreeMap<>();
    for (ObjectRef ref : SHIPPED) {
      List<PolicyRule> theirs = rules(upstream, ref);
      assertThat(theirs).as("upstream has %s with rules", ref).isNotEmpty();
      Map<String, Boolean> differences = differences(rules(ours, ref), theirs);
      if (!differences.isEmpty()) {
        disagreements.put(ref.toString(), differences);
      }
    }
    assertThat(disagreements)
        .as("requests where parapet's answer (the value) is not upstream's, by role")
        .isEmpty();
  }

  @Test
  void aggregationIsStructuredAsUpstream() {
    for (ClusterRole mine : DefaultRoles.clusterRoles()) {
      ClusterRole theirs = upstream.clusterRole(mine.name()).orElseThrow();
      assertThat(aggregateLabels(mine)).as(mine.name()).isEqualTo(aggregateLabels(theirs));
      assertThat(mine.aggregation().map(a -> a.clusterRoleSelectors()))
          .as(mine.name())
          .isEqualTo(theirs.aggregation().map(a -> a.clusterRoleSelectors()));
      // rules of their own only where upstream has them (admin, edit and view are empty shells)
      assertThat(mine.rules().isEmpty()).as(mine.name()).isEqualTo(theirs.rules().isEmpty());
    }
  }

  @Test
  void probesTellTheRolesApart() {
    // the comparison would be worthless if the probes could not see a difference
    assertThat(differences(rules(ours, cluster("edit")), rules(upstream, cluster("view"))))
        .containsEntry("create pods/exec", true)
        .containsEntry("get secrets", true);
    assertThat(differences(rules(ours, cluster("admin")), rules(upstream, cluster("edit"))))
        .containsEntry("create roles.rbac.authorization.k8s.io", true)
        .doesNotContainKey("create pods/exec");
    assertThat(
            differences(rules(ours, cluster("cluster-admin")), rules(upstream, cluster("admin"))))
        .containsEntry("get /probe", true)
        .containsEntry("* *.*", true);
    ObjectRef reader = SHIPPED.get(SHIPPED.size() - 1);
    assertThat(differences(rules(ours, reader), List.of()))
        .containsEntry("get configmaps extension-apiserver-authentication", true)
        .doesNotContainKey("get configmaps probe-name")
        .doesNotContainKey("list configmaps");
  }

  private static ObjectRef cluster(String name) {
    return new ObjectRef("ClusterRole", "", name);
  }

  private static List<PolicyRule> rules(RbacIndex index, ObjectRef ref) {
    if (ref.kind().equals("ClusterRole")) {
      return index.effectiveRules(ref.name());
    }
    return index.role(ref.namespace(), ref.name()).map(Role::rules).orElse(List.of());
  }

  private static Map<String, String> aggregateLabels(ClusterRole r) {
    Map<String, String> out = new TreeMap<>();
    r.labels()
        .forEach(
            (k, v) -> {
              if (k.startsWith(AGGREGATE_TO)) {
                out.put(k, v);
              }
            });
    return out;
  }

  /**
   * Every request the two rule lists decide differently, with the first list's answer.
   *
   * <p>Exhaustive, not sampled: a rule matches a value it does not mention only through a wildcard,
   * so all values that neither list mentions behave alike and one probe stands for them (a verb, an
   * API group, a resource, a resource with an unmentioned subresource, the same resource with each
   * mentioned subresource for {@code * /sub} rules, a name, a URL under each URL prefix). The
   * literal {@code *} is probed too: it is matched only by a rule written with {@code *}, which
   * tells a wildcard grant from a long list. Every mentioned value is crossed with every other.
   */
  private static Map<String, Boolean> differences(List<PolicyRule> a, List<PolicyRule> b) {
    TreeSet<String> verbs = new TreeSet<>(List.of("*", "probe-verb"));
    TreeSet<String> groups = new TreeSet<>(List.of("", "*", "probe.parapet.test"));
    TreeSet<String> resources = new TreeSet<>(List.of("*", "probes", "probes/probe"));
    TreeSet<String> names = new TreeSet<>(List.of("", "probe-name"));
    TreeSet<String> urls = new TreeSet<>(List.of("*", "/", "/probe"));
    for (PolicyRule r : concat(a, b)) {
      verbs.addAll(r.verbs());
      groups.addAll(r.apiGroups());
      names.addAll(r.resourceNames());
      for (String res : r.resources()) {
        int slash = res.indexOf('/');
        resources.add(res);
        if (slash >= 0) {
          resources.add(res.substring(0, slash));
          resources.add("probes" + res.substring(slash));
        }
      }
      for (String url : r.nonResourceURLs()) {
        urls.add(url);
        if (url.endsWith("*")) {
          urls.add(url.substring(0, url.length() - 1) + "probe");
        }
      }
    }
    Map<String, Boolean> out = new LinkedHashMap<>();
    for (String verb : verbs) {
      for (String group : groups) {
        for (String resource : resources) {
          for (String name : names) {
            ResourceRequest q = Request.resource(verb, group, resource).named(name);
            Boolean differs = differs(q, a, b);
            if (differs != null) {
              out.put(label(q), differs);
            }
          }
        }
      }
      for (String url : urls) {
        Boolean differs = differs(Request.nonResource(verb, url), a, b);
        if (differs != null) {
          out.put(verb + " " + url, differs);
        }
      }
    }
    return out;
  }

  private static String label(ResourceRequest q) {
    String group = q.apiGroup().isEmpty() ? "" : "." + q.apiGroup();
    String name = q.name().isEmpty() ? "" : " " + q.name();
    return q.verb() + " " + q.combinedResource() + group + name;
  }

  /** The first list's answer when the two lists disagree on the request, else null. */
  private static Boolean differs(Request q, List<PolicyRule> a, List<PolicyRule> b) {
    boolean allowedByA = allows(a, q);
    return allowedByA == allows(b, q) ? null : allowedByA;
  }

  private static boolean allows(List<PolicyRule> rules, Request q) {
    for (PolicyRule r : rules) {
      if (r.allows(q)) {
        return true;
      }
    }
    return false;
  }

  private static List<PolicyRule> concat(List<PolicyRule> a, List<PolicyRule> b) {
    List<PolicyRule> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
