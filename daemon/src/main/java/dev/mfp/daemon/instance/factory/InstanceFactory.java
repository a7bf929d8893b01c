package dev.mfp.daemon.instance.factory;

/** Installs one kind of instance into its (already created) directory. Failures are ActionErrors (60001, 21001…). */
public interface InstanceFactory {
    InstallResult install(InstallRequest request) throws Exception;
}
