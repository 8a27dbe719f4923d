package dev.parapet.check;

import dev.parapet.model.K8sObject;
import dev.parapet.model.Location;
import dev.parapet.source.Node;
import java.util.ArrayList;
import java.util.List;

/** Where one check reports its findings, always with the exact field. */
public final class Sink {
  private final CheckMeta meta;
  private final List<Finding> findings = new ArrayList<>();

  public Sink(CheckMeta meta) {
    this.meta = meta;
  }

  /** The offending field is {@code at}. */
  public void report(K8sObject object, Node at, String message) {
    report(object, at, message, null);
  }

  public void report(K8sObject object, Node at, String message, Fix fix) {
    add(object, at, null, message, fix);
  }

  /**
   * The offending field is at {@code at}, a location an engine already resolved within {@code
   * object} (the CIS benchmark's flag in a static pod's command).
   */
  public void report(K8sObject object, Location at, String message) {
    findings.add(new Finding(meta, message, object.ref(), at, null, null, null, object));
  }

  /**
   * A required field is missing; {@code parent} is the nearest written parent and {@code field} the
   * path of the missing field below it (e.g. {@code securityContext.runAsNonRoot}).
   */
  public void missing(K8sObject object, Node parent, String field, String message, Fix fix) {
    add(object, parent, field, message, fix);
  }

  private void add(K8sObject object, Node at, String field, String message, Fix fix) {
    Location loc = object.locationOf(at);
    findings.add(new Finding(meta, message, object.ref(), loc, field, fix, null, object));
  }

  public List<Finding> findings() {
    return findings;
  }
}
