/**
 * The image tasks' plugin module, {@link org.cgml.tasks.image.ImagePlugin}: what the engine's registry finds of this
 * jar.
 */
package org.cgml.tasks.image;
