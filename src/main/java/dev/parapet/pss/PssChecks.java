package dev.parapet.pss;

import java.util.List;

/** Every Pod Security Standards control, registered explicitly, in check-id order. */
public final class PssChecks {
  private PssChecks() {}

  public static final List<Control> CONTROLS =
      List.of(
          new HostProcessPod(),
          new HostNamespaceShared(),
          new PrivilegedContainer(),
          new CapabilityBeyondBaseline(),
          new HostPathVolume(),
          new HostPortUsed(),
          new ProbeOrHookOnHost(),
          new AppArmorUnconfined(),
          new SeLinuxOptionsCustom(),
          new ProcMountUnmasked(),
          new SeccompUnconfined(),
          new UnsafeSysctl(),
          new RestrictedVolumeType(),
          new PrivilegeEscalationAllowed(),
          new RunAsRootAllowed(),
          new RunAsUserRoot(),
          new SeccompProfileMissing(),
          new CapabilitiesNotDropped(),
          new ProcMountUnmaskedRestricted());
}
