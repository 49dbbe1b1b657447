; The Windows installer of Conector +fidelidade: per user, no administrator rights, 64-bit.
;
; One definition for every build: scripts/windows/package.sh runs it here (Debian's makensis)
; and the release workflow runs the same file on real Windows, so an owner never meets two
; installers with different folders, registry keys or bitness.
;
; Derived from the Tauri 2 bundler's NSIS template (crates/tauri-bundler/src/bundle/windows/
; nsis/installer.nsi and utils.nsh): the same uninstall key, the same command-line switches the
; updater plugin passes (/S silent, /P passive, /UPDATE, /R restart with /ARGS, /NS no
; shortcuts), the same AppUserModelID on the shortcuts. What differs, and why:
; - no nsis_tauri_utils.dll (the bundler downloads it at build time; this machine cannot): the
;   running app is found by its single-instance mutex and asked to quit with `--quit`;
; - the WebView2 bootstrapper is fetched at install time, only when the runtime is missing
;   (Windows 10/11 ship it), never at build time;
; - the uninstaller asks whether to remove the owner's data, and removes it through the app's
;   own `conector remove-everything --yes` (data, copies, keychain entry, login item).
;
; Defined by the caller (makensis /D...): VERSION (x.y.z), SRCDIR (the folder holding
; conector-fidelidade.exe, conector.exe and WebView2Loader.dll), OUTFILE, ICON, SIDEPICTURE (the
; welcome and finish pages' 164x314 BMP, scripts/windows/side-picture.py); optionally
; FAST_COMPRESSION (debug builds) and UNINSTFINALIZE (signing).

Unicode true
Target amd64-unicode
ManifestDPIAware true
; Release installers are packed with solid LZMA, the smallest; the test gate's debug build
; (package.sh --debug, /DFAST_COMPRESSION) uses zlib, as LZMA takes minutes on its 170 MB of
; unoptimised executables.
!ifdef FAST_COMPRESSION
  SetCompressor zlib
!else
  SetCompressor /SOLID lzma
!endif
RequestExecutionLevel user
; A file that cannot be replaced stops the install (Retry/Cancel; a silent run cancels) rather
; than being skipped, which would leave an old exe beside new files under a new version number.
AllowSkipFiles off

!include MUI2.nsh
!include FileFunc.nsh
!include LogicLib.nsh
!include WinMessages.nsh
!include "Win\COM.nsh"
!include "Win\Propkey.nsh"

!ifndef VERSION | SRCDIR | OUTFILE | ICON | SIDEPICTURE
  !error "makensis precisa de /DVERSION, /DSRCDIR, /DOUTFILE, /DICON e /DSIDEPICTURE (scripts/windows/package.sh os passa)"
!endif

!define PRODUCTNAME "Conector +fidelidade"
!define MANUFACTURER "Conector +fidelidade"
; The app's identifier (tauri.conf.json): the shortcuts' AppUserModelID (Windows shows toasts
; only for an app whose shortcut carries it) and the data folder's name.
!define BUNDLEID "br.com.conectorfidelidade.conector"
!define MAINBINARYNAME "conector-fidelidade"
!define CLIBINARYNAME "conector"
; tauri-plugin-single-instance's mutex on Windows: "<identifier>-sim", held while the app runs.
!define INSTANCEMUTEX "${BUNDLEID}-sim"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${PRODUCTNAME}"
!define MANUPRODUCTKEY "Software\${MANUFACTURER}\${PRODUCTNAME}"
!define WEBVIEW2APPGUID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
!define WEBVIEW2BOOTSTRAPPERURL "https://go.microsoft.com/fwlink/p/?LinkId=2124703"
; Exit codes of a silent run, for the updater and the tests.
!define EXIT_APP_STILL_RUNNING 4
!define EXIT_NO_WEBVIEW2 5
!define EXIT_DATA_NOT_REMOVED 6

; Signing: package.sh passes the signing command when a certificate is given; the uninstaller
; exists only inside makensis, so it is signed here before being packed.
!ifdef UNINSTFINALIZE
  !uninstfinalize '${UNINSTFINALIZE}'
!endif

Name "${PRODUCTNAME}"
BrandingText "${PRODUCTNAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCTNAME}"
InstallDirRegKey HKCU "${MANUPRODUCTKEY}" ""

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCTNAME}"
VIAddVersionKey /LANG=0 "FileDescription" "${PRODUCTNAME}"
VIAddVersionKey /LANG=0 "CompanyName" "${MANUFACTURER}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "© 2026 ${MANUFACTURER}"

Var PassiveMode
Var UpdateMode
Var NoShortcutMode
Var RemoveDataMode

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_WELCOMEFINISHPAGE_BITMAP "${SIDEPICTURE}"
!define MUI_UNWELCOMEFINISHPAGE_BITMAP "${SIDEPICTURE}"
!define MUI_ABORTWARNING

; Installer pages.
; NSIS's own welcome text speaks of system files and restarting, which this installer never
; touches: it says what it does instead.
!define MUI_WELCOMEPAGE_TEXT "$(welcomeText)"
!define MUI_PAGE_CUSTOMFUNCTION_PRE SkipIfPassive
!insertmacro MUI_PAGE_WELCOME
!define MUI_PAGE_CUSTOMFUNCTION_PRE SkipIfPassive
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_FUNCTION RunMainBinary
!define MUI_PAGE_CUSTOMFUNCTION_PRE SkipIfPassive
!insertmacro MUI_PAGE_FINISH

; Uninstaller pages.
!define MUI_PAGE_CUSTOMFUNCTION_PRE un.SkipIfPassive
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; pt-BR first: the first language is the default when Windows' own is neither.
!insertmacro MUI_LANGUAGE "PortugueseBR"
!insertmacro MUI_LANGUAGE "English"
!include "installer-strings.nsh"

Function .onInit
  Call ReadSwitches
  SetShellVarContext current
  SetRegView 64
FunctionEnd

Function un.onInit
  Call un.ReadSwitches
  SetShellVarContext current
  SetRegView 64
FunctionEnd

!macro READ_SWITCHES un
  Function ${un}ReadSwitches
    ${GetParameters} $R9
    ClearErrors
    ${GetOptions} $R9 "/P" $R8
    ${IfNot} ${Errors}
      StrCpy $PassiveMode 1
    ${EndIf}
    ClearErrors
    ${GetOptions} $R9 "/UPDATE" $R8
    ${IfNot} ${Errors}
      StrCpy $UpdateMode 1
    ${EndIf}
    ClearErrors
    ${GetOptions} $R9 "/NS" $R8
    ${IfNot} ${Errors}
      StrCpy $NoShortcutMode 1
    ${EndIf}
    ; Uninstaller only: remove the owner's data without asking (silent uninstalls, support).
    ClearErrors
    ${GetOptions} $R9 "/REMOVEDATA" $R8
    ${IfNot} ${Errors}
      StrCpy $RemoveDataMode 1
    ${EndIf}
  FunctionEnd
!macroend
!insertmacro READ_SWITCHES ""
!insertmacro READ_SWITCHES "un."

Function SkipIfPassive
  ${IfThen} $PassiveMode = 1 ${|} Abort ${|}
FunctionEnd
Function un.SkipIfPassive
  ${IfThen} $PassiveMode = 1 ${|} Abort ${|}
FunctionEnd

; $0 = 1 while an instance of the app runs for this user (it holds the single-instance mutex).
!macro IS_APP_RUNNING un
  Function ${un}IsAppRunning
    ; SYNCHRONIZE (0x00100000) is all OpenMutex needs to find it; the handle is closed at
    ; once, or it would keep the mutex alive after the app exits.
    System::Call 'kernel32::OpenMutexW(i 0x00100000, i 0, w "${INSTANCEMUTEX}") p.r1'
    ${If} $1 P<> 0
      System::Call 'kernel32::CloseHandle(p r1)'
      StrCpy $0 1
    ${Else}
      StrCpy $0 0
    ${EndIf}
  FunctionEnd
!macroend
!insertmacro IS_APP_RUNNING ""
!insertmacro IS_APP_RUNNING "un."

; Waits up to $2 tenths of a second for the app to be gone; $0 = 1 if it still runs.
!macro WAIT_APP_GONE un
  Function ${un}WaitAppGone
    ${Do}
      Call ${un}IsAppRunning
      ${If} $0 = 0
      ${OrIf} $2 <= 0
        ${ExitDo}
      ${EndIf}
      Sleep 100
      IntOp $2 $2 - 1
    ${Loop}
  FunctionEnd
!macroend
!insertmacro WAIT_APP_GONE ""
!insertmacro WAIT_APP_GONE "un."

; A running app (often only in the tray, watching the integration) is handed over cleanly: the
; installed exe is started with `--quit`, the single-instance plugin passes that to the running
; one, which exits as from its tray's "Sair" (its database closed, the clipboard cleared). Only
; if it has not gone after 15 s is it ended by force; if even that fails, nothing is changed.
!macro CLOSE_RUNNING_APP un
  Function ${un}CloseRunningApp
    Call ${un}IsAppRunning
    ${If} $0 = 0
      Return
    ${EndIf}
    DetailPrint "$(closingApp)"
    ${If} ${FileExists} "$INSTDIR\${MAINBINARYNAME}.exe"
      ExecWait '"$INSTDIR\${MAINBINARYNAME}.exe" --quit'
    ${EndIf}
    StrCpy $2 150
    Call ${un}WaitAppGone
    ${If} $0 = 1
      DetailPrint "$(forcingApp)"
      nsExec::Exec '"$SYSDIR\taskkill.exe" /F /IM ${MAINBINARYNAME}.exe'
      Pop $1
      StrCpy $2 50
      Call ${un}WaitAppGone
    ${EndIf}
    ${If} $0 = 1
      SetErrorLevel ${EXIT_APP_STILL_RUNNING}
      MessageBox MB_ICONEXCLAMATION "$(appStillRunning)" /SD IDOK
      Quit
    ${EndIf}
    ; Its mutex goes before its process does: the exe stays in use a moment longer (seen under
    ; Wine: the upgrade skipped the file). Wait up to 10 s until it can be opened for writing.
    StrCpy $2 100
    ${Do}
      ${IfNot} ${FileExists} "$INSTDIR\${MAINBINARYNAME}.exe"
        ${ExitDo}
      ${EndIf}
      ClearErrors
      FileOpen $3 "$INSTDIR\${MAINBINARYNAME}.exe" a
      ${IfNot} ${Errors}
        FileClose $3
        ${ExitDo}
      ${EndIf}
      ${If} $2 <= 0
        ${ExitDo}
      ${EndIf}
      Sleep 100
      IntOp $2 $2 - 1
    ${Loop}
  FunctionEnd
!macroend
!insertmacro CLOSE_RUNNING_APP ""
!insertmacro CLOSE_RUNNING_APP "un."

; Sets the AppUserModelID of a shortcut to the app's identifier (as the Tauri template does).
!macro SET_LNK_AUMID shortcut
  !insertmacro ComHlpr_CreateInProcInstance ${CLSID_ShellLink} ${IID_IShellLink} r0 ""
  ${If} $0 P<> 0
    ${IUnknown::QueryInterface} $0 '("${IID_IPersistFile}",.r1)'
    ${If} $1 P<> 0
      ${IPersistFile::Load} $1 '("${shortcut}", ${STGM_READWRITE})'
      ${IUnknown::QueryInterface} $0 '("${IID_IPropertyStore}",.r2)'
      ${If} $2 P<> 0
        System::Call 'Oleaut32::SysAllocString(w "${BUNDLEID}") p.r3'
        System::Call '*${SYSSTRUCT_PROPERTYKEY}(${PKEY_AppUserModel_ID})p.r4'
        System::Call '*${SYSSTRUCT_PROPVARIANT}(${VT_BSTR},,&i4 $3)p.r5'
        ${IPropertyStore::SetValue} $2 '($4,$5)'
        System::Call 'Oleaut32::SysFreeString(p r3)'
        System::Free $4
        System::Free $5
        ${IPropertyStore::Commit} $2 ""
        ${IUnknown::Release} $2 ""
        ${IPersistFile::Save} $1 '("${shortcut}",1)'
      ${EndIf}
      ${IUnknown::Release} $1 ""
    ${EndIf}
    ${IUnknown::Release} $0 ""
  ${EndIf}
!macroend

Section WebView2
  ; The app's window is a WebView2: Windows 10/11 ship the runtime; on the rare machine
  ; without it, Microsoft's bootstrapper installs it now (nothing is downloaded at build time).
  ReadRegStr $4 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2APPGUID}" "pv"
  ${If} $4 == ""
    ReadRegStr $4 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2APPGUID}" "pv"
  ${EndIf}
  ${If} $4 == ""
    ReadRegStr $4 HKCU "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2APPGUID}" "pv"
  ${EndIf}
  ${If} $4 != ""
  ${OrIf} $UpdateMode = 1
    Return
  ${EndIf}
  DetailPrint "$(webview2Downloading)"
  StrCpy $6 "$TEMP\MicrosoftEdgeWebview2Setup.exe"
  Delete $6
  ; curl.exe is part of Windows 10 (1803 and later) and 11, and speaks HTTPS.
  nsExec::ExecToLog '"$SYSDIR\curl.exe" --fail --silent --show-error --location --max-time 300 --output "$6" "${WEBVIEW2BOOTSTRAPPERURL}"'
  Pop $1
  ${IfNot} ${FileExists} $6
  ${OrIf} $1 != 0
    SetErrorLevel ${EXIT_NO_WEBVIEW2}
    MessageBox MB_ICONEXCLAMATION "$(webview2Offline)" /SD IDOK
    Quit
  ${EndIf}
  DetailPrint "$(webview2Installing)"
  ExecWait '"$6" /silent /install' $1
  Delete $6
  ${If} $1 <> 0
    SetErrorLevel ${EXIT_NO_WEBVIEW2}
    MessageBox MB_ICONEXCLAMATION "$(webview2Failed)" /SD IDOK
    Quit
  ${EndIf}
SectionEnd

Section Install
  SetOutPath $INSTDIR
  Call CloseRunningApp

  File "${SRCDIR}\${MAINBINARYNAME}.exe"
  File "${SRCDIR}\${CLIBINARYNAME}.exe"
  ; The GNU build loads the WebView2 loader as a DLL beside the exe: without it the app does
  ; not start.
  File "${SRCDIR}\WebView2Loader.dll"

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "${MANUPRODUCTKEY}" "" $INSTDIR

  ; One entry in "Aplicativos instalados": an upgrade rewrites the same key.
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${PRODUCTNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$\"$INSTDIR\${MAINBINARYNAME}.exe$\""
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${MANUFACTURER}"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$\"$INSTDIR$\""
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" "$\"$INSTDIR\uninstall.exe$\""
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" "$\"$INSTDIR\uninstall.exe$\" /S"
  WriteRegStr HKCU "${UNINSTKEY}" "MainBinaryName" "${MAINBINARYNAME}.exe"
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" "$0"

  ; Shortcuts: not on an update (the owner may have moved or removed them) nor with /NS.
  ${If} $UpdateMode <> 1
  ${AndIf} $NoShortcutMode <> 1
    CreateShortcut "$SMPROGRAMS\${PRODUCTNAME}.lnk" "$INSTDIR\${MAINBINARYNAME}.exe"
    !insertmacro SET_LNK_AUMID "$SMPROGRAMS\${PRODUCTNAME}.lnk"
    CreateShortcut "$DESKTOP\${PRODUCTNAME}.lnk" "$INSTDIR\${MAINBINARYNAME}.exe"
    !insertmacro SET_LNK_AUMID "$DESKTOP\${PRODUCTNAME}.lnk"
  ${EndIf}

  ${If} $PassiveMode = 1
    SetAutoClose true
  ${EndIf}
SectionEnd

Function .onInstSuccess
  ; The updater asks for a restart with /R (and the app's own arguments after /ARGS).
  ${If} $PassiveMode = 1
  ${OrIf} ${Silent}
    ${GetParameters} $R9
    ClearErrors
    ${GetOptions} $R9 "/R" $R0
    ${IfNot} ${Errors}
      ClearErrors
      ${GetOptions} $R9 "/ARGS" $R0
      Exec '"$INSTDIR\${MAINBINARYNAME}.exe" $R0'
    ${EndIf}
  ${EndIf}
FunctionEnd

Function RunMainBinary
  Exec '"$INSTDIR\${MAINBINARYNAME}.exe"'
FunctionEnd

Section Uninstall
  Call un.CloseRunningApp

  ; The owner's data stays unless they ask (an update never removes it).
  ${If} $UpdateMode <> 1
  ${AndIf} $RemoveDataMode <> 1
    MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "$(askRemoveData)" /SD IDNO IDNO keep_data
    StrCpy $RemoveDataMode 1
    keep_data:
  ${EndIf}
  ${If} $RemoveDataMode = 1
  ${AndIf} $UpdateMode <> 1
    ; The app's own path removes everything it keeps (data, copies, keychain entry, login
    ; item). If it cannot, nothing is uninstalled: the program is still there to try again.
    DetailPrint "$(removingData)"
    nsExec::ExecToLog '"$INSTDIR\${CLIBINARYNAME}.exe" remove-everything --yes'
    Pop $1
    ${If} $1 != 0
      SetErrorLevel ${EXIT_DATA_NOT_REMOVED}
      MessageBox MB_ICONEXCLAMATION "$(dataNotRemoved)" /SD IDOK
      Quit
    ${EndIf}
  ${EndIf}

  Delete "$INSTDIR\${MAINBINARYNAME}.exe"
  Delete "$INSTDIR\${CLIBINARYNAME}.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  ${If} $UpdateMode <> 1
    Delete "$SMPROGRAMS\${PRODUCTNAME}.lnk"
    Delete "$DESKTOP\${PRODUCTNAME}.lnk"
  ${EndIf}
  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKCU "${MANUPRODUCTKEY}"
  DeleteRegKey /ifempty HKCU "Software\${MANUFACTURER}"

  ${If} $PassiveMode = 1
  ${OrIf} $UpdateMode = 1
    SetAutoClose true
  ${EndIf}
SectionEnd
