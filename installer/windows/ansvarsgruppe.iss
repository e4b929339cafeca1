; Inno Setup 6 script: a per-user Windows installer for Ansvarsgruppe (no administrator rights).
;
; Needs Inno Setup 6.3 or newer (x64compatible). Build the bundle first (python installer\build.py), then:
;     iscc installer\windows\ansvarsgruppe.iss            (or: python installer\build.py --package)
; The installer is written to dist\installer\Ansvarsgruppe-<version>-setup.exe.
;
; Where things go (the same as the application's own paths, desktop/paths.py + platformdirs):
;   program   %LOCALAPPDATA%\Programs\Ansvarsgruppe            ({autopf} for a per-user install)
;   user data %LOCALAPPDATA%\Ansvarsgruppe\ansvarsgruppe       (the database, backups, keys)
;   settings  HKCU\Software\Ansvarsgruppe                      (window size, language)
; The uninstaller removes the program. It removes the user's data and settings only when the
; user ticks the box on its first page; a silent uninstall never removes them.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Ansvarsgruppe"
#define AppExe "ansvarsgruppe.exe"
#define Bundle "..\..\dist\ansvarsgruppe"

[Setup]
AppId={{6A1F6C2E-3B7D-4D43-9C59-5E0B2F1A7D21}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist\installer
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\ansvarsgruppe.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=auto

[Languages]
Name: "nb"; MessagesFile: "compiler:Languages\Norwegian.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
nb.DesktopIcon=Lag en snarvei på skrivebordet
en.DesktopIcon=Create a desktop shortcut
nb.Comment=Planlegg, gjennomfør og skriv referat fra ansvarsgruppemøter
en.Comment=Plan, run and write the minutes of responsibility-group meetings
nb.UninstallTitle=Avinstaller Ansvarsgruppe
en.UninstallTitle=Uninstall Ansvarsgruppe
nb.KeepDataText=Programmet fjernes. Sakene, møtene og referatene dine ligger i en egen mappe og blir liggende, slik at du ikke mister noe:%n%n%1%n%nHuk av under bare hvis du vil slette alt for godt.
en.KeepDataText=The program will be removed. Your cases, meetings and minutes are in a separate folder and are kept, so that nothing is lost:%n%n%1%n%nTick the box below only if you want to delete everything for good.
nb.DeleteDataBox=Slett også alle data og innstillinger (kan ikke angres)
en.DeleteDataBox=Also delete all data and settings (cannot be undone)
nb.ConfirmDelete=Alle saker, møter, referater, sikkerhetskopier og nøkler i %1 blir slettet for godt. Er du sikker?
en.ConfirmDelete=All cases, meetings, minutes, backups and keys in %1 will be deleted for good. Are you sure?
nb.ContinueButton=Fortsett
en.ContinueButton=Continue
nb.CancelButton=Avbryt
en.CancelButton=Cancel

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; IconFilename: "{app}\{#AppExe}"; Comment: "{cm:Comment}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; IconFilename: "{app}\{#AppExe}"; Comment: "{cm:Comment}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Files the program itself may leave in its own folder (never the user's data folder).
Type: filesandordirs; Name: "{app}\_internal\__pycache__"

[Code]
var
  DeleteUserData: Boolean;

function UserDataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\Ansvarsgruppe\ansvarsgruppe');
end;

{ The uninstaller's first page: the data stays unless the box is ticked (and confirmed). }
function InitializeUninstall(): Boolean;
var
  Form: TSetupForm;
  InfoText: TNewStaticText;
  Box: TNewCheckBox;
  OkButton, CancelButton: TNewButton;
begin
  Result := True;
  DeleteUserData := False;
  if UninstallSilent() then
    Exit;
#if Ver >= 0x06060000
  Form := CreateCustomForm(460, 230, True, True);  { 6.6+: size given up front, scaled for us }
#else
  Form := CreateCustomForm();
  Form.ClientWidth := ScaleX(460);
  Form.ClientHeight := ScaleY(230);
#endif
  try
    Form.Caption := CustomMessage('UninstallTitle');

    InfoText := TNewStaticText.Create(Form);
    InfoText.Parent := Form;
    InfoText.Left := ScaleX(16);
    InfoText.Top := ScaleY(16);
    InfoText.Width := Form.ClientWidth - ScaleX(32);
    InfoText.AutoSize := False;
    InfoText.WordWrap := True;
    InfoText.Height := ScaleY(120);
    InfoText.Caption := FmtMessage(CustomMessage('KeepDataText'), [UserDataDir()]);

    Box := TNewCheckBox.Create(Form);
    Box.Parent := Form;
    Box.Left := ScaleX(16);
    Box.Top := InfoText.Top + InfoText.Height + ScaleY(8);
    Box.Width := Form.ClientWidth - ScaleX(32);
    Box.Height := ScaleY(20);
    Box.Caption := CustomMessage('DeleteDataBox');
    Box.Checked := False;

    OkButton := TNewButton.Create(Form);
    OkButton.Parent := Form;
    OkButton.Caption := CustomMessage('ContinueButton');
    OkButton.Width := ScaleX(100);
    OkButton.Height := ScaleY(26);
    OkButton.Left := Form.ClientWidth - ScaleX(16) - 2 * OkButton.Width - ScaleX(8);
    OkButton.Top := Form.ClientHeight - ScaleY(16) - OkButton.Height;
    OkButton.ModalResult := mrOk;
    OkButton.Default := True;

    CancelButton := TNewButton.Create(Form);
    CancelButton.Parent := Form;
    CancelButton.Caption := CustomMessage('CancelButton');
    CancelButton.Width := OkButton.Width;
    CancelButton.Height := OkButton.Height;
    CancelButton.Left := OkButton.Left + OkButton.Width + ScaleX(8);
    CancelButton.Top := OkButton.Top;
    CancelButton.ModalResult := mrCancel;
    CancelButton.Cancel := True;

    Form.ActiveControl := OkButton;
    if Form.ShowModal() <> mrOk then
    begin
      Result := False;
      Exit;
    end;
    if Box.Checked then
      DeleteUserData := MsgBox(FmtMessage(CustomMessage('ConfirmDelete'), [UserDataDir()]),
        mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
  finally
    Form.Free();
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DeleteUserData then
  begin
    DelTree(UserDataDir(), True, True, True);
    RemoveDir(ExpandConstant('{localappdata}\Ansvarsgruppe'));
    RegDeleteKeyIncludingSubkeys(HKEY_CURRENT_USER, 'Software\Ansvarsgruppe');
  end;
end;
