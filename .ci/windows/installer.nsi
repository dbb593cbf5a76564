; Kanalansökan's Windows installer (issue 15), compiled on Linux with Debian's makensis 3.08
; by `.ci/windows.sh installer` (Tauri's own NSIS template needs a newer NSIS and downloads
; a plugin at build time; this script needs neither).
;
; - Per user, without administrator rights (municipal staff rarely have them):
;   %LOCALAPPDATA%\Programs\Kanalansökan, Start menu entry in the user's own menu,
;   uninstaller under HKCU so that it is listed in "Appar och funktioner".
; - Swedish texts (Modern UI 2).
; - Checks for the Microsoft Edge WebView2 runtime that the window needs (Windows 10 and 11
;   normally have it) and says clearly in Swedish what to do if it is missing.
; - The user's data (%LOCALAPPDATA%\Smedjebacken\Kanalansokan: the database, the log) is
;   never touched: neither by installing over an older version nor by uninstalling.
;
; Defines given by .ci/windows.sh: VERSION (x.y.z), BINDIR (the folder with the two exes and
; WebView2Loader.dll), ICON (icons/icon.ico), OUTFILE.

; A 64-bit Unicode installer: the app is x64 only, and Debian's wine64 (what tests it
; here) runs no 32-bit programs.
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!include "MUI2.nsh"
!include "LogicLib.nsh"

!define PRODUCT "Kanalansökan"
!define PUBLISHER "Smedjebackens kommun"
; The Tauri identifier: the same key a Tauri-built installer would use.
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\se.smedjebacken.kanalansokan"
; WebView2 Evergreen runtime's client id (Microsoft's documentation, "Detect if a WebView2
; Runtime is already installed").
!define WEBVIEW2_GUID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${PUBLISHER}"

; The version in the installer's own file properties.
VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"
VIAddVersionKey /LANG=1053 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=1053 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1053 "FileDescription" "Installationsprogram för ${PRODUCT}"
VIAddVersionKey /LANG=1053 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1053 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1053 "LegalCopyright" "© 2026 ${PUBLISHER}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\kanalansokan-window.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Starta ${PRODUCT}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Swedish"

Function .onInit
  SetShellVarContext current
  ; WebView2: machine-wide (HKLM, 32- or 64-bit view) or per user (HKCU). A missing value
  ; or "0.0.0.0" means not installed.
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ; Silent installs (/S) go on: the command-line tool works without WebView2, and IT
    ; departments install the runtime themselves.
    MessageBox MB_YESNO|MB_ICONEXCLAMATION \
      "${PRODUCT} behöver Microsoft Edge WebView2 Runtime för att visa sitt fönster, och den saknas på den här datorn.$\r$\n$\r$\nBe IT-supporten installera WebView2 Runtime, eller hämta den själv från Microsofts webbplats (sök på ”WebView2 Runtime”).$\r$\n$\r$\nVill du installera ${PRODUCT} ändå?" \
      /SD IDYES IDYES webview2_done
    Abort
    webview2_done:
  ${EndIf}
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "Kanalansökan" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${BINDIR}\kanalansokan-window.exe"
  File "${BINDIR}\kanalansokan.exe"
  File "${BINDIR}\WebView2Loader.dll"
  WriteUninstaller "$INSTDIR\avinstallera.exe"

  CreateShortCut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\kanalansokan-window.exe" "" \
    "$INSTDIR\kanalansokan-window.exe" 0 SW_SHOWNORMAL "" "Ansökan om officiell kanal i sociala medier"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\kanalansokan-window.exe,0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\avinstallera.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\avinstallera.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ; Size in KiB, as "Appar och funktioner" shows it.
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" ${SIZE_KB}
SectionEnd

Section "Uninstall"
  Delete "$INSTDIR\kanalansokan-window.exe"
  Delete "$INSTDIR\kanalansokan.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\avinstallera.exe"
  ; Not /r: only what was installed goes, and the folder only when it is empty then.
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
