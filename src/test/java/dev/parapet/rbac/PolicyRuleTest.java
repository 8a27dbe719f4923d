package dev.parapet.rbac;

import static dev.parapet.rbac.PolicyRule.nonResourceUrlMatches;
import static dev.parapet.rbac.PolicyRule.resourceMatches;
import static dev.parapet.rbac.PolicyRule.resourceNameMatches;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyRuleTest {
  private static PolicyRule rule(
      List<String> verbs, List<String> groups, List<String> resources, List<String> names) {
    return new PolicyRule(verbs, groups, resources, names, List.of(), null);
  }

  @Test
  void bareResourceDoesNotCoverItsSubresources() {
    assertThat(resourceMatches(List.of("pods"), "pods/exec", "exec")).isFalse();
    assertThat(resourceMatches(List.of("pods"), "pods", "")).isTrue();
    assertThat(resourceMatches(List.of("pods/exec"), "pods/exec", "exec")).isTrue();
    assertThat(resourceMatches(List.of("pods/exec"), "pods", "")).isFalse();
  }

  @Test
  void starSlashSubresourceCoversThatSubresourceOfEveryResource() {
    assertThat(resourceMatches(List.of("*/scale"), "deployments/scale", "scale")).isTrue();
    assertThat(resourceMatches(List.of("*/scale"), "deployments/status", "status")).isFalse();
    assertThat(resourceMatches(List.of("*/scale"), "deployments", "")).isFalse();
    // the subresource must be the whole tail, not a suffix of it
    assertThat(resourceMatches(List.of("*/cale"), "deployments/scale", "scale")).isFalse();
    assertThat(resourceMatches(List.of("*"), "pods/log", "log")).isTrue();
  }

  @Test
  void resourceNamesNeverMatchRequestsWithoutAName() {
    assertThat(resourceNameMatches(List.of(), "")).isTrue();
    assertThat(resourceNameMatches(List.of(), "x")).isTrue();
    assertThat(resourceNameMatches(List.of("a", "b"), "b")).isTrue();
    assertThat(resourceNameMatches(List.of("a"), "")).isFalse();
    PolicyRule r = rule(List.of("get", "list"), List.of(""), List.of("configmaps"), List.of("a"));
    assertThat(r.allows(Request.resource("get", "", "configmaps").in("ns").named("a"))).isTrue();
    assertThat(r.allows(Request.resource("list", "", "configmaps").in("ns"))).isFalse();
    assertThat(r.allows(Request.resource("get", "", "configmaps").in("ns").named("b"))).isFalse();
  }

  @Test
  void nonResourceUrlsAreExactOrStarPrefixes() {
    assertThat(nonResourceUrlMatches(List.of("*"), "/anything")).isTrue();
    assertThat(nonResourceUrlMatches(List.of("/healthz"), "/healthz")).isTrue();
    assertThat(nonResourceUrlMatches(List.of("/healthz"), "/healthz/etcd")).isFalse();
    assertThat(nonResourceUrlMatches(List.of("/healthz/*"), "/healthz/etcd")).isTrue();
    assertThat(nonResourceUrlMatches(List.of("/healthz/*"), "/healthz")).isFalse();
    assertThat(nonResourceUrlMatches(List.of("/api*"), "/apis/apps")).isTrue();
    assertThat(nonResourceUrlMatches(List.of("/metrics**"), "/metrics/x")).isTrue();
  }

  @Test
  void verbsAndGroupsMatchExactlyOrByStar() {
    PolicyRule r = rule(List.of("*"), List.of("apps"), List.of("deployments"), List.of());
    assertThat(r.allows(Request.resource("delete", "apps", "deployments").in("a"))).isTrue();
    assertThat(r.allows(Request.resource("delete", "", "deployments").in("a"))).isFalse();
    assertThat(r.allows(Request.resource("delete", "extensions", "deployments"))).isFalse();
    PolicyRule any = rule(List.of("get"), List.of("*"), List.of("*"), List.of());
    assertThat(any.allows(Request.resource("get", "x.io", "things/status"))).isTrue();
    assertThat(any.allows(Request.resource("GET", "x.io", "things"))).isFalse();
  }

  @Test
  void resourceRulesDoNotGrantPathsAndPathRulesDoNotGrantResources() {
    PolicyRule res = rule(List.of("*"), List.of("*"), List.of("*"), List.of());
    assertThat(res.allows(Request.nonResource("get", "/healthz"))).isFalse();
    PolicyRule path =
        new PolicyRule(List.of("get"), List.of(), List.of(), List.of(), List.of("*"), null);
    assertThat(path.allows(Request.resource("get", "", "pods").in("a"))).isFalse();
    assertThat(path.allows(Request.nonResource("get", "/metrics"))).isTrue();
    assertThat(path.allows(Request.nonResource("post", "/metrics"))).isFalse();
  }

  @Test
  void requestSplitsSubresource() {
    ResourceRequest r = Request.resource("create", "", "pods/binding");
    assertThat(r.resource()).isEqualTo("pods");
    assertThat(r.subresource()).isEqualTo("binding");
    assertThat(r.combinedResource()).isEqualTo("pods/binding");
  }
}
