<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Bokmål for Qt's own standard buttons and edit menus: the PySide6 wheels ship qtbase_nn but no
     qtbase_nb. Compiled to resources/locale/qtbase_nb.qm by scripts/i18n.py compile. -->
<TS version="2.1" language="nb_NO">
<context><name>QPlatformTheme</name>
<message><source>OK</source><translation>OK</translation></message>
<message><source>Save</source><translation>Lagre</translation></message>
<message><source>Save All</source><translation>Lagre alle</translation></message>
<message><source>Open</source><translation>Åpne</translation></message>
<message><source>&amp;Yes</source><translation>&amp;Ja</translation></message>
<message><source>Yes to &amp;All</source><translation>Ja til &amp;alle</translation></message>
<message><source>&amp;No</source><translation>&amp;Nei</translation></message>
<message><source>N&amp;o to All</source><translation>N&amp;ei til alle</translation></message>
<message><source>Abort</source><translation>Avbryt</translation></message>
<message><source>Retry</source><translation>Prøv igjen</translation></message>
<message><source>Ignore</source><translation>Ignorer</translation></message>
<message><source>Close</source><translation>Lukk</translation></message>
<message><source>Cancel</source><translation>Avbryt</translation></message>
<message><source>Discard</source><translation>Forkast</translation></message>
<message><source>Help</source><translation>Hjelp</translation></message>
<message><source>Apply</source><translation>Bruk</translation></message>
<message><source>Reset</source><translation>Tilbakestill</translation></message>
<message><source>Restore Defaults</source><translation>Gjenopprett standardverdier</translation></message>
<message><source>Don&apos;t Save</source><translation>Ikke lagre</translation></message>
<message><source>Close without Saving</source><translation>Lukk uten å lagre</translation></message>
</context>
<context><name>QWidgetTextControl</name>
<message><source>&amp;Undo</source><translation>&amp;Angre</translation></message>
<message><source>&amp;Redo</source><translation>&amp;Gjør om</translation></message>
<message><source>Cu&amp;t</source><translation>Klipp &amp;ut</translation></message>
<message><source>&amp;Copy</source><translation>&amp;Kopier</translation></message>
<message><source>Copy &amp;Link Location</source><translation>Kopier &amp;lenkeadresse</translation></message>
<message><source>&amp;Paste</source><translation>&amp;Lim inn</translation></message>
<message><source>Delete</source><translation>Slett</translation></message>
<message><source>Select All</source><translation>Merk alt</translation></message>
</context>
<context><name>QLineEdit</name>
<message><source>&amp;Undo</source><translation>&amp;Angre</translation></message>
<message><source>&amp;Redo</source><translation>&amp;Gjør om</translation></message>
<message><source>Cu&amp;t</source><translation>Klipp &amp;ut</translation></message>
<message><source>&amp;Copy</source><translation>&amp;Kopier</translation></message>
<message><source>&amp;Paste</source><translation>&amp;Lim inn</translation></message>
<message><source>Delete</source><translation>Slett</translation></message>
<message><source>Select All</source><translation>Merk alt</translation></message>
</context>
<context><name>QFileDialog</name>
<message><source>Look in:</source><translation>Se i:</translation></message>
<message><source>File &amp;name:</source><translation>Fil&amp;navn:</translation></message>
<message><source>Files of type:</source><translation>Filtype:</translation></message>
<message><source>&amp;Open</source><translation>&amp;Åpne</translation></message>
<message><source>&amp;Save</source><translation>&amp;Lagre</translation></message>
<message><source>&amp;Choose</source><translation>&amp;Velg</translation></message>
<message><source>Open</source><translation>Åpne</translation></message>
<message><source>Save As</source><translation>Lagre som</translation></message>
<message><source>Find Directory</source><translation>Finn mappe</translation></message>
<message><source>Create New Folder</source><translation>Opprett ny mappe</translation></message>
<message><source>Back</source><translation>Tilbake</translation></message>
<message><source>Forward</source><translation>Fremover</translation></message>
<message><source>Parent Directory</source><translation>Overordnet mappe</translation></message>
<message><source>New Folder</source><translation>Ny mappe</translation></message>
<message><source>Directory:</source><translation>Mappe:</translation></message>
<message><source>All Files (*)</source><translation>Alle filer (*)</translation></message>
</context>
<context><name>QMessageBox</name>
<message><source>Show Details...</source><translation>Vis detaljer …</translation></message>
<message><source>Hide Details...</source><translation>Skjul detaljer …</translation></message>
<message><source>About Qt</source><translation>Om Qt</translation></message>
</context>
<context><name>QUndoStack</name>
<message><source>Undo %1</source><translation>Angre %1</translation></message>
<message><source>Redo %1</source><translation>Gjør om %1</translation></message>
</context>
<context><name>QUndoGroup</name>
<message><source>Undo %1</source><translation>Angre %1</translation></message>
<message><source>Redo %1</source><translation>Gjør om %1</translation></message>
</context>
<context><name>QUndoModel</name>
<message><source>&lt;empty&gt;</source><translation>&lt;tom&gt;</translation></message>
</context>
</TS>
