//! TopoJSON (the openpolis region boundaries) → a simplified GeoJSON FeatureCollection Leaflet draws as it is.
//!
//! Pure: `microwork import-comuni` reads the file and writes the result. Each arc shared by two regions is
//! simplified once (Douglas–Peucker), so neighbours still meet exactly.

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TopoError {
    #[error("not a TopoJSON topology: {0}")]
    Malformed(String),
    #[error("the topology has no objects")]
    NoObjects,
    #[error("a ring uses arc {0}, which does not exist")]
    MissingArc(i64),
    #[error("region {0} vanished at this tolerance")]
    Vanished(String),
}

#[derive(Deserialize)]
struct Topology {
    arcs: Vec<Vec<[i64; 2]>>,
    transform: Transform,
    objects: BTreeMap<String, GeometryCollection>,
}

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct GeometryCollection {
    geometries: Vec<TopoGeometry>,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum TopoGeometry {
    Polygon { arcs: Vec<Vec<i64>>, properties: RegionProps },
    MultiPolygon { arcs: Vec<Vec<Vec<i64>>>, properties: RegionProps },
}

#[derive(Deserialize)]
struct RegionProps {
    reg_name: String,
    reg_istat_code: String,
}

type Ring = Vec<[f64; 2]>;

/// Region outlines as a GeoJSON FeatureCollection Leaflet draws as it is, from the openpolis TopoJSON:
/// each shared arc is simplified once (Douglas–Peucker, `tolerance_km`), coordinates rounded to 0.001°
/// (about 100 m), rings that collapse dropped.
pub fn regions_geojson(topo_json: &str, tolerance_km: f64, attribution: &str) -> Result<String, TopoError> {
    let topo: Topology = serde_json::from_str(topo_json).map_err(|e| TopoError::Malformed(e.to_string()))?;
    let arcs: Vec<Ring> =
        topo.arcs.iter().map(|arc| simplify(&decode_arc(arc, &topo.transform), tolerance_km)).collect();
    let Some(collection) = topo.objects.values().next() else { return Err(TopoError::NoObjects) };

    let mut features = Vec::new();
    for geometry in &collection.geometries {
        let (polygons, props): (Vec<&Vec<Vec<i64>>>, &RegionProps) = match geometry {
            TopoGeometry::Polygon { arcs, properties } => (vec![arcs], properties),
            TopoGeometry::MultiPolygon { arcs, properties } => (arcs.iter().collect(), properties),
        };
        let mut out: Vec<Vec<Ring>> = Vec::new();
        for polygon in polygons {
            let mut rings = Vec::new();
            for (n, ring_arcs) in polygon.iter().enumerate() {
                let ring = stitch(ring_arcs, &arcs)?;
                if ring.len() >= 4 {
                    rings.push(ring);
                } else if n == 0 {
                    break; // the outer ring collapsed: an islet below the tolerance, left out
                }
            }
            if !rings.is_empty() {
                out.push(rings);
            }
        }
        if out.is_empty() {
            return Err(TopoError::Vanished(props.reg_name.clone()));
        }
        let geometry = if out.len() == 1 {
            serde_json::json!({"type": "Polygon", "coordinates": out.remove(0)})
        } else {
            serde_json::json!({"type": "MultiPolygon", "coordinates": out})
        };
        features.push((
            props.reg_istat_code.clone(),
            serde_json::json!({
                "type": "Feature",
                "properties": {"reg_istat_code": props.reg_istat_code, "name": props.reg_name},
                "geometry": geometry,
            }),
        ));
    }
    features.sort_by(|a, b| a.0.cmp(&b.0));
    let collection = serde_json::json!({
        "type": "FeatureCollection",
        "attribution": attribution,
        "features": features.into_iter().map(|f| f.1).collect::<Vec<_>>(),
    });
    serde_json::to_string(&collection).map_err(|e| TopoError::Malformed(e.to_string()))
}

/// TopoJSON arcs are quantized and delta-encoded.
fn decode_arc(arc: &[[i64; 2]], t: &Transform) -> Ring {
    let (mut x, mut y) = (0i64, 0i64);
    arc.iter()
        .map(|[dx, dy]| {
            x += dx;
            y += dy;
            [x as f64 * t.scale[0] + t.translate[0], y as f64 * t.scale[1] + t.translate[1]]
        })
        .collect()
}

/// Joins a ring's arcs (index `!i` means arc `i` reversed), rounds to 0.001° and drops repeated points.
fn stitch(ring_arcs: &[i64], arcs: &[Ring]) -> Result<Ring, TopoError> {
    let mut ring: Ring = Vec::new();
    for &index in ring_arcs {
        let (i, reversed) = if index >= 0 { (index as usize, false) } else { (!index as usize, true) };
        let Some(arc) = arcs.get(i) else { return Err(TopoError::MissingArc(index)) };
        let mut points: Ring = arc.clone();
        if reversed {
            points.reverse();
        }
        let skip = usize::from(!ring.is_empty());
        ring.extend(points.into_iter().skip(skip));
    }
    let round = |v: f64| (v * 1000.0).round() / 1000.0;
    let mut out: Ring = Vec::with_capacity(ring.len());
    for p in ring {
        let p = [round(p[0]), round(p[1])];
        if out.last() != Some(&p) {
            out.push(p);
        }
    }
    if out.len() > 1 && out.first() != out.last() {
        out.push(out[0]);
    }
    Ok(out)
}

/// Douglas–Peucker on [lon, lat] points, measured in km on a plane tangent at 42°N (Italy spans 36–47°N,
/// so lengths are off by a few per cent at most: irrelevant for a 500 m–1 km tolerance). Keeps both ends, so
/// arcs still meet at shared nodes.
fn simplify(points: &[[f64; 2]], tolerance_km: f64) -> Ring {
    if points.len() <= 2 {
        return points.to_vec();
    }
    let kx = 111.32 * 42f64.to_radians().cos();
    let ky = 110.57;
    let xy: Vec<[f64; 2]> = points.iter().map(|p| [p[0] * kx, p[1] * ky]).collect();
    let mut keep = vec![false; points.len()];
    keep[0] = true;
    keep[points.len() - 1] = true;
    let mut stack = vec![(0, points.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        let mut far = (0.0, 0);
        for i in a + 1..b {
            let d = segment_distance(xy[i], xy[a], xy[b]);
            if d > far.0 {
                far = (d, i);
            }
        }
        if far.0 > tolerance_km {
            keep[far.1] = true;
            stack.push((a, far.1));
            stack.push((far.1, b));
        }
    }
    points.iter().zip(keep).filter(|(_, k)| *k).map(|(p, _)| *p).collect()
}

fn segment_distance(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    // A closed arc (an island drawn as one arc) starts and ends at the same point: measure from that point.
    let t = if len2 == 0.0 { 0.0 } else { (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0) };
    let (cx, cy) = (a[0] + t * dx, a[1] + t * dy);
    ((p[0] - cx).powi(2) + (p[1] - cy).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two squares sharing one edge (arc 0), as TopoJSON: the shared edge is one arc used forwards and reversed.
    const TOPO: &str = r#"{"type":"Topology","transform":{"scale":[0.001,0.001],"translate":[12,42]},
        "arcs":[[[1000,0],[0,500],[1,500]],
                [[1001,1000],[-1001,0],[0,-1000],[1000,0]],
                [[1000,0],[1000,0],[0,1000],[-999,0]]],
        "objects":{"regions":{"type":"GeometryCollection","geometries":[
            {"type":"Polygon","arcs":[[0,1]],"properties":{"reg_name":"Ovest","reg_istat_code":"02","reg_istat_code_num":2}},
            {"type":"Polygon","arcs":[[2,-1]],"properties":{"reg_name":"Est","reg_istat_code":"01","reg_istat_code_num":1}}]}}}"#;

    #[test]
    fn boundaries_are_geojson_with_shared_edges_and_sorted_regions() {
        let json = regions_geojson(TOPO, 0.7, "x").unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["type"], "FeatureCollection");
        let f = v["features"].as_array().unwrap();
        assert_eq!(f[0]["properties"]["reg_istat_code"], "01");
        assert_eq!(f[0]["properties"]["name"], "Est");
        assert_eq!(f[0]["geometry"]["type"], "Polygon");
        let ring = |i: usize| f[i]["geometry"]["coordinates"][0].as_array().unwrap().clone();
        // The kink of 1 m in the shared edge is gone in both regions; the rings are closed.
        for i in 0..2 {
            let r = ring(i);
            assert_eq!(r.first(), r.last());
            assert_eq!(r.len(), 5, "{r:?}");
            assert!(r.iter().any(|p| p[0] == 13.0 && p[1] == 42.0));
            assert!(r.iter().any(|p| p[0] == 13.001 && p[1] == 43.0));
        }
        // The same bytes every time.
        assert_eq!(json, regions_geojson(TOPO, 0.7, "x").unwrap());
    }

    #[test]
    fn broken_topologies_are_typed_errors() {
        assert!(matches!(regions_geojson("{", 0.5, ""), Err(TopoError::Malformed(_))));
        let no_objects = r#"{"arcs":[],"transform":{"scale":[1,1],"translate":[0,0]},"objects":{}}"#;
        assert_eq!(regions_geojson(no_objects, 0.5, ""), Err(TopoError::NoObjects));
        let bad_arc = TOPO.replace("[[2,-1]]", "[[7,-1]]");
        assert_eq!(regions_geojson(&bad_arc, 0.7, ""), Err(TopoError::MissingArc(7)));
    }
}
