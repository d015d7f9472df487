/// The one stylesheet, served at `SiteRoute.stylesheet`. Kept in Swift so the binary is self-contained
/// (no working-directory assumptions when `sparring` runs from elsewhere).
public enum Stylesheet {
    public static let css = #"""
        :root {
          --ink: #1c2430; --muted: #56606d; --line: #d5dae1; --paper: #ffffff; --wash: #f4f6f8;
          --brand: #0b5cad; --brand-ink: #ffffff; --danger: #b3261e; --ok: #1e6b3a; --focus: #ffbf47;
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
          color: var(--ink); background: var(--wash); line-height: 1.5;
        }
        * { box-sizing: border-box; }
        body { margin: 0; }
        a { color: var(--brand); }
        a:hover { text-decoration-thickness: 2px; }
        :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; box-shadow: 0 0 0 5px var(--ink); }
        .skip-link { position: absolute; left: -999px; top: 0; background: var(--paper); padding: .5rem 1rem; z-index: 10; }
        .skip-link:focus { left: 1rem; }
        .site-header { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; padding: .75rem 1.5rem;
          background: var(--paper); border-bottom: 1px solid var(--line); }
        .brand { font-weight: 700; font-size: 1.25rem; text-decoration: none; color: var(--ink); }
        .site-header nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0; padding: 0; }
        .site-header nav a { text-decoration: none; padding: .25rem 0; }
        .site-header nav a[aria-current="page"] { font-weight: 700; border-bottom: 3px solid var(--brand); }
        .header-tools { margin-left: auto; display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; }
        .viewer { color: var(--muted); }
        .language-switch { display: flex; gap: .4rem; align-items: center; }
        .language-switch label { color: var(--muted); }
        main { max-width: 70rem; margin: 0 auto; padding: 1.5rem; }
        main:focus { outline: none; }
        .narrow { max-width: 28rem; }
        h1 { font-size: 1.75rem; margin: .5rem 0 1rem; }
        h2 { font-size: 1.25rem; margin: 0 0 .75rem; }
        .lead { font-size: 1.1rem; color: var(--muted); }
        .muted { color: var(--muted); }
        .page-head { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 1rem; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem; margin: 1rem 0; }
        .card { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 1.25rem; margin: 1rem 0; }
        .notice { background: #e6f2ea; border-left: 5px solid var(--ok); padding: .75rem 1rem; border-radius: 4px; }
        .notice.warning { background: #fdf3e1; border-left-color: #8a5a00; }
        .error-summary { border: 3px solid var(--danger); background: var(--paper); padding: 1rem 1.25rem; margin: 1rem 0; border-radius: 4px; }
        .error-summary h2 { color: var(--danger); font-size: 1.1rem; }
        .error-summary a { color: var(--danger); font-weight: 600; }
        form { margin: 0; }
        fieldset { border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.25rem; margin: 0 0 1rem; background: var(--paper); }
        legend { font-weight: 700; padding: 0 .25rem; }
        .field { margin-bottom: 1rem; }
        .field > label { display: block; font-weight: 600; margin-bottom: .25rem; }
        .hint { margin: 0 0 .25rem; color: var(--muted); font-size: .95rem; }
        .field-error { margin: 0 0 .25rem; color: var(--danger); font-weight: 600; }
        .has-error input, .has-error select, .has-error textarea { border-color: var(--danger); border-width: 2px; }
        .field.has-error { border-left: 4px solid var(--danger); padding-left: .75rem; }
        input[type=text], input[type=email], input[type=password], select, textarea {
          font: inherit; width: 100%; max-width: 28rem; padding: .5rem .6rem; border: 1px solid #8a94a3; border-radius: 4px; background: var(--paper); color: var(--ink); }
        .language-switch select { width: auto; padding: .2rem .4rem; }
        .checkbox { display: flex; gap: .5rem; align-items: center; margin: .25rem 0; }
        .checkbox input { width: 1.2rem; height: 1.2rem; }
        button, .button { font: inherit; cursor: pointer; border-radius: 4px; padding: .5rem 1rem; border: 2px solid var(--brand);
          background: var(--paper); color: var(--brand); text-decoration: none; display: inline-block; }
        button.primary, .button.primary { background: var(--brand); color: var(--brand-ink); }
        button.danger { border-color: var(--danger); color: var(--danger); }
        button.link-button { border: none; padding: 0; background: none; color: var(--brand); text-decoration: underline; }
        .language-switch button { padding: .2rem .6rem; }
        .inline-form { display: inline; }
        .actions { display: flex; gap: 1rem; align-items: center; margin-top: 1rem; }
        .filters { display: flex; gap: 1rem; align-items: center; margin: 1rem 0; }
        table { width: 100%; border-collapse: collapse; background: var(--paper); border: 1px solid var(--line); }
        th, td { text-align: left; padding: .6rem .75rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { background: var(--wash); font-weight: 600; }
        td.number { text-align: right; font-variant-numeric: tabular-nums; }
        tr.inactive td { color: var(--muted); }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
        dl.facts dt { font-weight: 600; }
        dl.facts dd { margin: 0; }
        code.secret { display: block; padding: .5rem; background: var(--paper); border: 1px dashed var(--ink); word-break: break-all; font-size: 1rem; }
        .danger-zone { border-color: #e3b5b1; }
        input[type=search], input[type=date], input[type=number], input[type=file] {
          font: inherit; width: 100%; max-width: 28rem; padding: .45rem .6rem; border: 1px solid #8a94a3; border-radius: 4px; background: var(--paper); }
        .list-header { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 1rem; }
        .list-header .actions { margin-top: 0; }
        form.filters { flex-wrap: wrap; align-items: flex-end; background: var(--paper); border: 1px solid var(--line);
          border-radius: 6px; padding: 1rem; }
        form.filters .field { margin: 0; min-width: 10rem; flex: 1 1 10rem; }
        form.filters .actions { margin: 0; }
        .summary { color: var(--muted); }
        .panel { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin: 1rem 0; }
        .panel details { margin-top: .75rem; }
        .panel summary { cursor: pointer; color: var(--brand); font-weight: 600; }
        .stuck-panel { border-left: 6px solid var(--danger); }
        .snoozed { border-left: 6px solid #8a5a00; }
        .badge { display: inline-block; font-size: .8rem; font-weight: 700; padding: .05rem .45rem; border-radius: 999px; }
        .stuck-badge { background: #fbe3e1; color: var(--danger); border: 1px solid var(--danger); }
        .stuck-reasons { margin: .25rem 0 0; padding-left: 1.1rem; font-size: .95rem; }
        td .stuck { min-width: 18rem; }
        .deal-card .badge { align-self: flex-start; }
        tr.is-stuck td:first-child { border-left: 4px solid var(--danger); }
        .money.partial { color: #8a5a00; }
        .forecast dl.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: .5rem 1rem; margin: 0; }
        .forecast dt { color: var(--muted); font-size: .9rem; }
        .forecast dd { margin: 0 0 .5rem; font-size: 1.15rem; font-weight: 700; font-variant-numeric: tabular-nums; }
        .board { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(14rem, 1fr); gap: .75rem; overflow-x: auto;
          padding-bottom: .5rem; }
        .board .column { background: #e9edf2; border-radius: 8px; padding: .75rem; min-height: 10rem; }
        .board .column.drop { outline: 3px dashed var(--brand); }
        .board h2 { font-size: 1.05rem; margin: 0 0 .25rem; }
        .column-totals { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); margin: 0 0 .5rem; }
        .deal-cards { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: .5rem; }
        .deal-card { background: var(--paper); border: 1px solid var(--line); border-radius: 6px; padding: .5rem .6rem;
          display: flex; flex-direction: column; gap: .1rem; }
        .deal-card.is-stuck { border-left: 5px solid var(--danger); }
        .deal-card.dragging { opacity: .5; }
        .deal-card a { font-weight: 600; }
        .deal-card .card-title, .deal-card .days { font-size: .85rem; color: var(--muted); }
        .deal-card .money { font-variant-numeric: tabular-nums; }
        .more { display: block; margin-top: .5rem; font-size: .9rem; }
        ol.timeline { padding-left: 1.25rem; }
        ol.timeline li { margin: .35rem 0; }
        blockquote { margin: .5rem 0; padding: .5rem 1rem; border-left: 4px solid var(--line); background: var(--wash); }
        .mapping { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 0 1rem; }
        .import-counts { font-size: 1.1rem; font-weight: 600; }
        p.empty { color: var(--muted); }
        .case-list { list-style: none; padding: 0; margin: 0 0 1rem; }
        .case-list li { padding: .5rem 0; border-bottom: 1px solid var(--line); }
        .obstacle.open { border-left: 4px solid var(--danger); padding-left: .6rem; }
        .obstacle.resolved { border-left: 4px solid #2e7d4f; padding-left: .6rem; color: var(--muted); }
        .case-question { margin: 1rem 0 1.5rem; }
        .conflict { border: 2px solid #8a5a00; background: #fff7e6; border-radius: 6px; padding: .5rem 1rem; margin: .5rem 0; }
        .stance-champion, .stance-supportive, .result-worked { color: #2e7d4f; font-weight: 600; }
        .stance-sceptical, .stance-opposed, .result-didNotWork { color: var(--danger); font-weight: 600; }
        .with-aside { display: grid; grid-template-columns: minmax(0, 2fr) minmax(14rem, 1fr); gap: 2rem; align-items: start; }
        .prompts { background: var(--wash); border: 1px solid var(--line); border-radius: 8px; padding: .5rem 1rem; font-size: .95rem; }
        .prompts h2 { font-size: 1.1rem; }
        .prompts h3 { font-size: 1rem; margin-bottom: .25rem; }
        .prompts li { margin: .3rem 0; }
        .table-scroll { overflow-x: auto; }
        .badge.count { background: #b3261e; color: #fff; margin-left: .3rem; }
        .badge.state-requested { background: #fff0c2; } .badge.state-ready { background: #dbeafe; }
        .badge.state-agreed, .badge.state-closed { background: #dcfce7; } .badge.state-withdrawn { background: #eee; }
        ol.thread, ol.suggestions { padding-left: 1.2rem; } ol.thread li.reply { margin-left: 1.5rem; }
        .meta, .edited { color: var(--muted, #555); font-size: .9rem; }
        ul.notifications li.unread { font-weight: 600; } .follow-ups tr.overdue td:first-child { color: #b3261e; }
        figure.chart svg { max-width: 100%; height: 12rem; } svg .axis { stroke: #888; } svg .tick { font-size: 9px; }
        .subnav { display: flex; gap: 1rem; flex-wrap: wrap; margin: .5rem 0 1rem; border-bottom: 1px solid #e2e8f0; padding-bottom: .5rem; }
        .subnav a[aria-current] { font-weight: 600; text-decoration: none; }
        .charts { display: grid; gap: 1.5rem; }
        svg.chart-svg { max-width: 100%; height: auto; } svg .grid { stroke: #e5e7eb; }
        svg .label { font-size: 11px; fill: #1f2937; } svg .label.end { text-anchor: end; } svg .value { font-size: 11px; fill: #374151; }
        svg .tick.middle { text-anchor: middle; } svg .bar { fill: #2563eb; } svg .whisker { stroke: #111827; stroke-width: 1.5; }
        svg .count { font-size: 11px; text-anchor: middle; fill: #111827; } svg .count.light { fill: #fff; }
        svg .heat-0 { fill: #f8fafc; stroke: #e2e8f0; } svg .heat-1 { fill: #dbeafe; } svg .heat-2 { fill: #bfdbfe; }
        svg .heat-3 { fill: #93c5fd; } svg .heat-4 { fill: #60a5fa; } svg .heat-5 { fill: #3b82f6; } svg .heat-6 { fill: #2563eb; }
        svg .heat-7 { fill: #1d4ed8; } svg .heat-8 { fill: #1e40af; } svg .heat-9 { fill: #1e3a8a; } svg .heat-10 { fill: #172554; }
        svg .line { fill: none; stroke-width: 2; }
        svg .series-selling, .legend .series-selling::before { stroke: #1d4ed8; fill: #1d4ed8; background: #1d4ed8; }
        svg .series-coaching, .legend .series-coaching::before { stroke: #b45309; fill: #b45309; background: #b45309; }
        svg .series-allocation, .legend .series-allocation::before { stroke: #047857; fill: #047857; background: #047857; }
        svg .series-innovation, .legend .series-innovation::before { stroke: #7c3aed; fill: #7c3aed; background: #7c3aed; }
        svg polyline.line { fill: none; }
        .rating .scale { display: flex; gap: .75rem; align-items: center; flex-wrap: wrap; }
        .rating .score { display: inline-flex; gap: .25rem; align-items: center; }
        .key-figures { grid-template-columns: max-content 1fr; }
        .chart-numbers summary { cursor: pointer; }
        svg .bias-practicality, .legend .bias-practicality::before { fill: #1d4ed8; background: #1d4ed8; }
        svg .bias-legacy, .legend .bias-legacy::before { fill: #b45309; background: #b45309; }
        svg .bias-personal, .legend .bias-personal::before { fill: #047857; background: #047857; }
        svg .bias-exportability, .legend .bias-exportability::before { fill: #7c3aed; background: #7c3aed; }
        .legend { list-style: none; display: flex; flex-wrap: wrap; gap: 1rem; padding: 0; }
        .legend li::before { content: ""; display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; }
        mark.blocker { background: #fff0c2; border-bottom: 2px solid #8a5a00; padding: 0 .1rem; }
        .story-list { list-style: none; padding: 0; margin: 0 0 1.5rem; }
        .story-card { background: #fff; border: 1px solid #d9dde3; border-radius: 6px; padding: .75rem 1rem; margin: 0 0 .75rem; }
        .story-card h3 { margin: 0 0 .25rem; font-size: 1.1rem; }
        .story-part ul, .story-part ol, .prose ul, .prose ol { padding-left: 1.4rem; margin: .5rem 0; }
        .story-part li, .prose li { margin: .2rem 0; } .prose p, .story-part p { margin: .5rem 0; }
        .story-facts { margin: 0 0 .4rem; color: #4a5360; font-size: .9rem; }
        .snippet { margin: 0; } .snippet mark, mark { background: #fff0a8; padding: 0 .1rem; }
        .badge.outcome-won { background: #dcfce7; } .badge.outcome-lost { background: #eee; }
        .badge.outcome-unstuck { background: #dbeafe; } .badge.featured { background: #fde68a; margin-left: .4rem; }
        .reasons { margin: .25rem 0 0; padding-left: 1.2rem; color: #4a5360; font-size: .9rem; }
        .bulletin .why { background: #f1f5f9; border-left: 4px solid var(--brand); padding: .5rem .75rem; margin: .5rem 0; }
        .reactions form { display: inline; } .reactions .tally { margin-left: .75rem; color: #4a5360; }
        .blocker-question { font-size: .9rem; color: #8a5a00; margin: .35rem 0 0; white-space: normal; }
        table.compare { table-layout: fixed; }
        table.compare th[scope=row] { width: 12rem; }
        table.compare td { min-width: 14rem; white-space: pre-line; }
        table.compare th.chosen { border-top: 4px solid #2e7d4f; }
        .site-footer { max-width: 70rem; margin: 2rem auto; padding: 0 1.5rem; color: var(--muted); font-size: .9rem; }
        @media (max-width: 40rem) {
          .board { grid-auto-flow: row; }
          .with-aside { grid-template-columns: 1fr; }
          .site-header { padding: .75rem 1rem; }
          main { padding: 1rem; }
          .header-tools { margin-left: 0; }
          table, thead, tbody, tr, th, td { display: block; }
          thead { position: absolute; left: -999px; }
          tr { border-bottom: 1px solid var(--line); }
          td { border: none; }
        }
        """#
}
