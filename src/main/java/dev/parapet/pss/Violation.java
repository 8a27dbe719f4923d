package dev.parapet.pss;

import dev.parapet.check.Fix;
import dev.parapet.source.Node;

/**
 * One reason a pod is forbidden by a control.
 *
 * @param control the upstream check id, e.g. {@code privileged}
 * @param message the forbidden reason, in the spirit of the PodSecurity admission plugin
 * @param node the offending field, or the nearest written parent of a missing one
 * @param missingField path of the missing field below {@code node}, or null
 * @param fix a JSON Patch that removes this violation, or null
 */
public record Violation(String control, String message, Node node, String missingField, Fix fix) {
  static Violation at(String control, Node node, String message, Fix fix) {
    return new Violation(control, message, node, null, fix);
  }

  static Violation missing(String control, Node parent, String field, String message, Fix fix) {
    return new Violation(control, message, parent, field, fix);
  }
}
