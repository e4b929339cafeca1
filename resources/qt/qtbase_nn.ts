<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Nynorsk for the few of Qt's own strings that Qt's qtbase_nn.qm lacks (installed after Qt's,
     so it is searched first). Compiled to resources/locale/qtbase_nn.qm by scripts/i18n.py compile. -->
<TS version="2.1" language="nn_NO">
    <context>
        <name>QFileDialog</name>
        <message>
            <source>&amp;Look in:</source>
            <translation>Sjå &amp;i:</translation>
        </message>
        <message>
            <source>Files of &amp;type:</source>
            <translation>Fil&amp;type:</translation>
        </message>
    </context>
</TS>
