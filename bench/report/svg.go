package main

import (
	"fmt"
	"html"
	"io"
	"math"
	"strings"
)

// bar is one horizontal bar of a panel.
type bar struct {
	Label string
	Value float64
	Text  string // printed after the bar; the value with its unit when empty
	Color string
}

// panel is one chart of the figure: a title, bars and a scale.
type panel struct {
	Title string
	Note  string // a smaller line under the title (ratios, targets)
	Unit  string
	Log   bool // log10 scale, for values that differ by orders of magnitude
	Bars  []bar
	// Target, when positive, is drawn as a dashed vertical line labelled TargetLabel; the
	// scale stretches to show it.
	Target      float64
	TargetLabel string
}

// chart layout, in pixels
const (
	chartWidth  = 980
	labelWidth  = 250
	textWidth   = 310
	barHeight   = 20
	barGap      = 6
	panelTitleH = 46
	panelGap    = 22
	chartMargin = 16
)

// barLength maps v to a length in [0, maxLen] on a linear or log10 scale whose top is
// maxV. On the log scale the bottom is two decades under maxV's decade (or lower to fit
// minV), so every positive value gets a visible bar.
func barLength(v, minV, maxV, maxLen float64, logScale bool) float64 {
	if !(v > 0) || !(maxV > 0) || math.IsInf(v, 0) || math.IsInf(maxV, 0) {
		return 0
	}
	if !logScale {
		return math.Min(maxLen, maxLen*v/maxV)
	}
	top := math.Log10(maxV)
	bottom := math.Floor(top) - 1
	if minV > 0 && math.Log10(minV) < bottom+0.3 {
		bottom = math.Floor(math.Log10(minV)) - 0.3
	}
	if top <= bottom {
		return maxLen
	}
	l := maxLen * (math.Log10(v) - bottom) / (top - bottom)
	return math.Max(2, math.Min(maxLen, l))
}

// formatValue prints v with about three significant digits.
func formatValue(v float64) string {
	switch a := math.Abs(v); {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "n/a"
	case a >= 100:
		return fmt.Sprintf("%.0f", v)
	case a >= 10:
		return fmt.Sprintf("%.1f", v)
	case a >= 1:
		return fmt.Sprintf("%.2f", v)
	default:
		return fmt.Sprintf("%.3g", v)
	}
}

// writeSVG draws the panels one under the other as a standalone SVG document.
func writeSVG(w io.Writer, title, subtitle string, panels []panel) error {
	height := chartMargin + 50
	for _, p := range panels {
		height += panelTitleH + len(p.Bars)*(barHeight+barGap) + panelGap
	}
	var sb strings.Builder
	esc := html.EscapeString
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif" font-size="13">`+"\n",
		chartWidth, height, chartWidth, height)
	fmt.Fprintf(&sb, `<rect x="0" y="0" width="%d" height="%d" fill="#ffffff"/>`+"\n", chartWidth, height)
	fmt.Fprintf(&sb, `<text x="%d" y="%d" font-size="17" font-weight="bold">%s</text>`+"\n", chartMargin, chartMargin+16, esc(title))
	fmt.Fprintf(&sb, `<text x="%d" y="%d" font-size="11" fill="#555555">%s</text>`+"\n", chartMargin, chartMargin+34, esc(subtitle))
	y := chartMargin + 50
	maxLen := float64(chartWidth - labelWidth - textWidth - 2*chartMargin)
	for _, p := range panels {
		scale := "linear scale"
		if p.Log {
			scale = "log scale"
		}
		fmt.Fprintf(&sb, `<text x="%d" y="%d" font-size="14" font-weight="bold">%s</text>`+"\n", chartMargin, y+16, esc(p.Title))
		fmt.Fprintf(&sb, `<text x="%d" y="%d" font-size="11" fill="#555555">%s</text>`+"\n", chartMargin, y+33, esc(strings.TrimSpace(p.Note+" ("+p.Unit+", "+scale+")")))
		y += panelTitleH
		minV, maxV := math.Inf(1), 0.0
		for _, b := range p.Bars {
			if b.Value > 0 && !math.IsInf(b.Value, 0) {
				minV = math.Min(minV, b.Value)
				maxV = math.Max(maxV, b.Value)
			}
		}
		hasTarget := p.Target > 0 && !math.IsInf(p.Target, 0) && len(p.Bars) > 0
		if hasTarget {
			maxV = math.Max(maxV, p.Target)
			// drawn first, so that the bars and their values cover it
			x := float64(chartMargin+labelWidth) + barLength(p.Target, minV, maxV, maxLen, p.Log)
			bottom := y + len(p.Bars)*(barHeight+barGap)
			fmt.Fprintf(&sb, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#333333" stroke-width="1.5" stroke-dasharray="5,3"/>`+"\n", x, y-4, x, bottom-barGap+4)
			anchor, tx := "end", x-4
			if x < chartWidth/2 {
				anchor, tx = "start", x+4
			}
			fmt.Fprintf(&sb, `<text x="%.1f" y="%d" font-size="11" text-anchor="%s" fill="#333333">%s</text>`+"\n", tx, bottom+8, anchor, esc(p.TargetLabel))
		}
		for _, b := range p.Bars {
			l := barLength(b.Value, minV, maxV, maxLen, p.Log)
			color := b.Color
			if color == "" {
				color = "#4e79a7"
			}
			text := b.Text
			if text == "" {
				text = formatValue(b.Value) + " " + p.Unit
			}
			x0 := chartMargin + labelWidth
			fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="end">%s</text>`+"\n", x0-8, y+barHeight-5, esc(b.Label))
			fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>`+"\n", x0, y, l, barHeight, esc(color))
			fmt.Fprintf(&sb, `<text x="%.1f" y="%d" stroke="#ffffff" stroke-width="3" paint-order="stroke">%s</text>`+"\n", float64(x0)+l+6, y+barHeight-5, esc(text))
			y += barHeight + barGap
		}
		y += panelGap
	}
	sb.WriteString("</svg>\n")
	_, err := io.WriteString(w, sb.String())
	if err != nil {
		return fmt.Errorf("report: write svg: %w", err)
	}
	return nil
}
