/**
 * electron-builder's afterPack hook: flips the packaged Electron binary's fuses (docs/security.md,
 * item 19) before the app is signed. Fuses are switches compiled into Electron that no setting, flag or
 * environment variable can turn back on once they are off.
 */
import { Arch, type AfterPackContext } from 'electron-builder'
import { FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses'

/** The fuses every Spanwise package ships with. */
export const FUSES = {
  version: FuseVersion.V1,
  // ELECTRON_RUN_AS_NODE would turn the app into a plain Node that runs any script.
  [FuseV1Options.RunAsNode]: false,
  // Cookies and other Chromium storage encrypted with an OS-held key (the app sets none, but no exception).
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS and --inspect would let anyone who can start the app inject code or attach a debugger.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // The app runs only from its app.asar, and (macOS, Windows) only if that archive is unaltered.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // The page is served on app:// (src/main/app-protocol.ts): file: gets no extra privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
} satisfies FuseV1Config

export async function afterPack(context: AfterPackContext): Promise<void> {
  // Flipping fuses changes the binary, which breaks the ad-hoc signature an Apple-silicon Mac requires.
  const appleSilicon = context.electronPlatformName === 'darwin' && context.arch === Arch.arm64
  await context.packager.addElectronFuses(context, { ...FUSES, resetAdHocDarwinSignature: appleSilicon })
}
