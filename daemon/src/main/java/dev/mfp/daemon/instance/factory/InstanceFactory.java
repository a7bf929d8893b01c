package dev.mfp.daemon.instance.factory;

/** Installs one kind of instance into its (already created) directory. Failures are DaemonErrors (INSTALLATION_ERROR, FILE_NOT_FOUND…). */
public interface InstanceFactory {
    InstallResult install(InstallRequest request) throws Exception;
}
