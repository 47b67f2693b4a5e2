// The reference pilot's path in a replay: one line through its recorded positions.
import { BufferAttribute, BufferGeometry, Line, LineBasicMaterial, Vector3, type Object3D } from "three";
import { enuToThree } from "./frame";
import { disposeTree } from "./dispose";

const v = new Vector3();

export class GhostLine {
  readonly line: Line;

  /** `points`: x, y, z (world ENU) of each sample, flattened. */
  constructor(points: Float64Array | number[], parent: Object3D) {
    const n = Math.floor(points.length / 3);
    const p = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) {
      enuToThree(points[i * 3]!, points[i * 3 + 1]!, points[i * 3 + 2]!, v);
      p[i * 3] = v.x;
      p[i * 3 + 1] = v.y;
      p[i * 3 + 2] = v.z;
    }
    const g = new BufferGeometry();
    g.setAttribute("position", new BufferAttribute(p, 3));
    this.line = new Line(g, new LineBasicMaterial({ color: 0xb36bff, transparent: true, opacity: 0.85 }));
    this.line.name = "ghost";
    parent.add(this.line);
  }

  set visible(on: boolean) {
    this.line.visible = on;
  }

  dispose(): void {
    disposeTree(this.line);
  }
}
