; The setup.exe for people installing Ansvarsgruppe by hand (municipal IT: use the MSI).
; Built by installer/windows/build_on_linux.py (or installer\build.py --package on Windows):
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DBUNDLE=dist/windows/ansvarsgruppe
;            -DOUTFILE=Ansvarsgruppe-0.1.0-setup.exe -DICON=resources/icons/ansvarsgruppe.ico ansvarsgruppe.nsi
; Per user, no administrator rights: %LOCALAPPDATA%\Programs\Ansvarsgruppe, a Start-menu entry and an
; entry in "Apps and features". Norwegian (Bokmål) or English, after the Windows display language.
; The uninstaller keeps the user's data (%LOCALAPPDATA%\Ansvarsgruppe and the settings under
; HKCU\Software\Ansvarsgruppe) unless "Delete my data" is ticked, or /DELETEMYDATA is given with /S.
; Silent: setup.exe /S  ·  "%LOCALAPPDATA%\Programs\Ansvarsgruppe\uninstall.exe" /S [/DELETEMYDATA]

Unicode true
Target amd64-unicode
!include MUI2.nsh
!include nsDialogs.nsh
!include LogicLib.nsh
!include FileFunc.nsh

!ifndef VERSION
  !error "makensis -DVERSION=… -DBUNDLE=… -DOUTFILE=… -DICON=…"
!endif

!define APP "Ansvarsgruppe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Ansvarsgruppe"

Name "${APP}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP}"
RequestExecutionLevel user
SetCompressor /SOLID lzma
ManifestDPIAware true
ShowInstDetails nevershow
ShowUninstDetails nevershow
BrandingText "${APP} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP} setup"
VIAddVersionKey /LANG=0 "LegalCopyright" "${APP}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\ansvarsgruppe.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
UninstPage custom un.DataPageCreate un.DataPageLeave
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the fallback; Norwegian when Windows speaks Norwegian.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Norwegian"

LangString DataTitle ${LANG_ENGLISH} "Remove ${APP}"
LangString DataTitle ${LANG_NORWEGIAN} "Fjern ${APP}"
LangString DataSubtitle ${LANG_ENGLISH} "The program is removed from this computer."
LangString DataSubtitle ${LANG_NORWEGIAN} "Programmet fjernes fra denne datamaskinen."
LangString DataKept ${LANG_ENGLISH} "Your cases, meetings, minutes and keys are kept in $LOCALAPPDATA\${APP}, so that you have them if you install ${APP} again. Take a backup first if you want to keep them somewhere else."
LangString DataKept ${LANG_NORWEGIAN} "Sakene, møtene, referatene og nøklene dine blir liggende i $LOCALAPPDATA\${APP}, slik at du har dem om du installerer ${APP} igjen. Ta en sikkerhetskopi først om du vil ha dem et annet sted."
LangString DeleteMyData ${LANG_ENGLISH} "Also delete all my data and settings (cannot be undone)"
LangString DeleteMyData ${LANG_NORWEGIAN} "Slett også alle dataene og innstillingene mine (kan ikke angres)"
LangString ConfirmDelete ${LANG_ENGLISH} "All cases, meetings, minutes and keys in $LOCALAPPDATA\${APP} will be deleted for good. Continue?"
LangString ConfirmDelete ${LANG_NORWEGIAN} "Alle saker, møter, referater og nøkler i $LOCALAPPDATA\${APP} blir slettet for godt. Vil du fortsette?"
LangString StillRunning ${LANG_ENGLISH} "Close ${APP} first, then try again."
LangString StillRunning ${LANG_NORWEGIAN} "Lukk ${APP} først, og prøv igjen."

Var DeleteData
Var DeleteBox

Section "${APP}"
  SetOutPath "$INSTDIR"
  ; An older version's files go first, so that nothing stale is left beside the new ones.
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE}/*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\ansvarsgruppe.exe" "" "$INSTDIR\ansvarsgruppe.exe" 0
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\ansvarsgruppe.exe,0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Function un.onInit
  StrCpy $DeleteData 0
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/DELETEMYDATA" $R1
  ${IfNot} ${Errors}
    StrCpy $DeleteData 1
  ${EndIf}
FunctionEnd

Function un.DataPageCreate
  !insertmacro MUI_HEADER_TEXT "$(DataTitle)" "$(DataSubtitle)"
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateLabel} 0 0 100% 48u "$(DataKept)"
  Pop $0
  ${NSD_CreateCheckbox} 0 56u 100% 12u "$(DeleteMyData)"
  Pop $DeleteBox
  GetDlgItem $0 $HWNDPARENT 1
  SendMessage $0 ${WM_SETTEXT} 0 "STR:$(^UninstallBtn)"
  nsDialogs::Show
FunctionEnd

Function un.DataPageLeave
  ${NSD_GetState} $DeleteBox $0
  ${If} $0 == ${BST_CHECKED}
    MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "$(ConfirmDelete)" IDYES +2
    Abort
    StrCpy $DeleteData 1
  ${EndIf}
FunctionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${APP}.lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\ansvarsgruppe.exe"
  Delete "$INSTDIR\ansvarsgruppe-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  ${If} $DeleteData == 1
    RMDir /r "$LOCALAPPDATA\${APP}"
    DeleteRegKey HKCU "Software\${APP}"
  ${EndIf}
SectionEnd
