package dev.parapet.rbac;

import dev.parapet.model.K8sObject;
import dev.parapet.model.Location;
import dev.parapet.source.MapNode;
import java.util.List;

/**
 * One rule of a Role or ClusterRole, with the authorizer's matching semantics.
 *
 * <p>Each list may hold {@code *}. Resources may name a subresource as {@code resource/sub} or
 * {@code * /sub} (without the space); non-resource URLs are exact or a prefix ending in {@code *}.
 *
 * @param location where the rule is written; for an aggregated ClusterRole, the rule in the role it
 *     was aggregated from
 */
public record PolicyRule(
    List<String> verbs,
    List<String> apiGroups,
    List<String> resources,
    List<String> resourceNames,
    List<String> nonResourceURLs,
    Location location) {
  public static final String ALL = "*";

  public PolicyRule {
    verbs = List.copyOf(verbs);
    apiGroups = List.copyOf(apiGroups);
    resources = List.copyOf(resources);
    resourceNames = List.copyOf(resourceNames);
    nonResourceURLs = List.copyOf(nonResourceURLs);
  }

  static PolicyRule read(K8sObject owner, MapNode rule) {
    return new PolicyRule(
        Nodes.strings(rule, "verbs"),
        Nodes.strings(rule, "apiGroups"),
        Nodes.strings(rule, "resources"),
        Nodes.strings(rule, "resourceNames"),
        Nodes.strings(rule, "nonResourceURLs"),
        owner.locationOf(rule));
  }

  /** True when the two rules grant the same thing, wherever they are written. */
  public boolean sameGrant(PolicyRule o) {
    return verbs.equals(o.verbs)
        && apiGroups.equals(o.apiGroups)
        && resources.equals(o.resources)
        && resourceNames.equals(o.resourceNames)
        && nonResourceURLs.equals(o.nonResourceURLs);
  }

  /** Whether this rule allows the request, as the RBAC authorizer decides for one rule. */
  public boolean allows(Request request) {
    if (request instanceof ResourceRequest r) {
      return verbMatches(verbs, r.verb())
          && apiGroupMatches(apiGroups, r.apiGroup())
          && resourceMatches(resources, r.combinedResource(), r.subresource())
          && resourceNameMatches(resourceNames, r.name());
    }
    NonResourceRequest n = (NonResourceRequest) request;
    return verbMatches(verbs, n.verb()) && nonResourceUrlMatches(nonResourceURLs, n.path());
  }

  public static boolean verbMatches(List<String> ruleVerbs, String verb) {
    for (String v : ruleVerbs) {
      if (v.equals(ALL) || v.equals(verb)) {
        return true;
      }
    }
    return false;
  }

  public static boolean apiGroupMatches(List<String> ruleGroups, String group) {
    for (String g : ruleGroups) {
      if (g.equals(ALL) || g.equals(group)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Matches {@code *}, the combined {@code resource/subresource} name, or {@code * /subresource}
   * (no space) when the request has a subresource. A bare {@code pods} does not cover {@code
   * pods/log}.
   */
  public static boolean resourceMatches(
      List<String> ruleResources, String combinedResource, String subresource) {
    for (String r : ruleResources) {
      if (r.equals(ALL) || r.equals(combinedResource)) {
        return true;
      }
      if (subresource.isEmpty()) {
        continue;
      }
      if (r.length() == subresource.length() + 2 && r.startsWith("*/") && r.endsWith(subresource)) {
        return true;
      }
    }
    return false;
  }

  /**
   * An empty list allows every name; otherwise the name must be listed, so requests without a name
   * (list, watch, create, deletecollection) never match a rule with resource names.
   */
  public static boolean resourceNameMatches(List<String> ruleNames, String name) {
    if (ruleNames.isEmpty()) {
      return true;
    }
    for (String n : ruleNames) {
      if (n.equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** {@code *}, the exact path, or a prefix rule {@code /foo/*} (every trailing star removed). */
  public static boolean nonResourceUrlMatches(List<String> ruleUrls, String path) {
    for (String u : ruleUrls) {
      if (u.equals(ALL) || u.equals(path)) {
        return true;
      }
      if (u.endsWith("*") && path.startsWith(stripTrailingStars(u))) {
        return true;
      }
    }
    return false;
  }

  private static String stripTrailingStars(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '*') {
      end--;
    }
    return s.substring(0, end);
  }
}
