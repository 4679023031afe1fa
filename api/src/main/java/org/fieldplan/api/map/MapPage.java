package org.fieldplan.api.map;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The base map alone (/map?lat=&lon=&zoom=): public map data, for checking the tiles and the style. */
@Controller
class MapPage {

    @GetMapping({"/map", "/map/"})
    String page() {
        return "forward:/map/index.html";
    }
}
