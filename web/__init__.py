"""The public pages: views, feeds, the chart and the map, template tags."""
