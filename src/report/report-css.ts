/** The report's only style sheet: light, readable, printable (figures do not break across pages). */
export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f7f9; color: #1b1f24; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif; }
main { max-width: 1060px; margin: 0 auto; padding: 24px 28px 48px; background: #ffffff; min-height: 100vh; }
h1 { font-size: 26px; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 2px solid #e1e4e8; }
h3 { font-size: 16px; margin: 24px 0 8px; }
.meta { color: #57606a; margin: 0 0 16px; }
nav ul { display: flex; flex-wrap: wrap; gap: 6px 18px; list-style: none; padding: 0; margin: 8px 0 0; }
nav a { color: #0b5cad; text-decoration: none; }
table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #d8dee4; padding: 4px 10px; text-align: right; vertical-align: top; }
th { background: #f0f3f6; font-weight: 600; }
th:first-child, td:first-child { text-align: left; overflow-wrap: anywhere; }
td.better { color: #116329; }
td.worse { color: #a40e26; }
tr.total td { font-weight: 700; background: #f6f8fa; }
figure { margin: 12px 0 20px; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; max-width: 100%; height: auto; border: 1px solid #e1e4e8; border-radius: 4px; }
figcaption { color: #57606a; font-size: 13px; margin-top: 4px; }
.examples { display: flex; flex-wrap: wrap; gap: 14px; }
.examples figure { margin: 0; width: 108px; text-align: center; }
.examples img { width: 96px; height: auto; image-rendering: pixelated; border: 1px solid #d8dee4; background: #000000; }
.examples figcaption { font-size: 12px; line-height: 1.35; overflow-wrap: anywhere; }
pre { background: #f6f8fa; border: 1px solid #e1e4e8; border-radius: 4px; padding: 12px; overflow-x: auto; font-size: 13px; white-space: pre-wrap; overflow-wrap: anywhere; }
.note { color: #57606a; font-size: 14px; }
footer { margin-top: 40px; color: #57606a; font-size: 13px; }
@media print {
  body { background: #ffffff; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure svg { border: none; }
}
`;
