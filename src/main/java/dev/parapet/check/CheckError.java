package dev.parapet.check;

import dev.parapet.model.ObjectRef;

/** A check that failed on an object: reported with its id while the run goes on. */
public record CheckError(String checkId, ObjectRef object, String message) {
  @Override
  public String toString() {
    return "check " + checkId + (object == null ? "" : " on " + object) + " failed: " + message;
  }
}
